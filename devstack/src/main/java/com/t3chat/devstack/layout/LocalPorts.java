package com.t3chat.devstack.layout;

/** The fixed ports of local mode. */
public final class LocalPorts {

    /** Where every internal port listens; only the gateway and Keycloak's public port listen on all interfaces. */
    public static final String LOOPBACK = "127.0.0.1";

    public static final int POSTGRES = 15432;
    public static final int KAFKA = 9092;
    public static final int KAFKA_CONTROLLER = 9093;
    public static final int KEYCLOAK = 8180;
    public static final int KEYCLOAK_MANAGEMENT = 9180;
    public static final int S3 = 9000;
    /** Our clamd (ClamAV's daemon, when installed), on {@code 127.0.0.1} only. */
    public static final int CLAMD = 3310;
    /** The SMTP sink in the supervisor JVM, on {@code 127.0.0.1} only (see {@code mail.SmtpSink}). */
    public static final int SMTP = 2525;
    public static final int CONFIG_SERVER = 8888;
    public static final int GATEWAY = 8080;
    public static final int AUTH = 8081;
    public static final int CHAT = 8082;
    public static final int LLM = 8083;
    public static final int ATTACHMENT = 8084;
    public static final int EMBEDDING = 8085;

    private LocalPorts() {
    }
}
