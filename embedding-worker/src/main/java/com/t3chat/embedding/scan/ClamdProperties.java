package com.t3chat.embedding.scan;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ClamAV daemon every file is streamed to before it is read ({@code CLAMD_HOST}/{@code CLAMD_PORT}). No host: no
 * scan, and files are reported {@code scan: skipped}.
 *
 * @param timeout how long one scan may take (connect, send, verdict)
 */
@ConfigurationProperties("t3chat.clamd")
public record ClamdProperties(String host, @DefaultValue("3310") int port, @DefaultValue("60s") Duration timeout) {

    public boolean configured() {
        return host != null && !host.isBlank();
    }
}
