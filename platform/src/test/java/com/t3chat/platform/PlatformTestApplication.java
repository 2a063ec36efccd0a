package com.t3chat.platform;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A bare service for the platform's integration tests: only what the platform auto-configures. */
@SpringBootApplication
public class PlatformTestApplication {
}
