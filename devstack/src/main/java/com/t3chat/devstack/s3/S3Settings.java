package com.t3chat.devstack.s3;

import java.nio.file.Path;

/**
 * One S3Proxy on the filesystem backend.
 *
 * @param storageDir     where buckets and objects live (kept between starts)
 * @param confDir        where its generated configuration goes
 * @param port           the S3 endpoint's port
 * @param accessKey      the AWS access key it accepts
 * @param secretKey      the AWS secret key it accepts
 * @param logFile        its output
 * @param pidFile        where its pid is recorded (null: not recorded)
 * @param watchParentPid positive: exit when that process is gone (test JVMs)
 */
public record S3Settings(Path storageDir, Path confDir, int port, String accessKey, String secretKey, Path logFile,
                         Path pidFile, long watchParentPid) {

    public static final String LOCAL_ACCESS_KEY = "t3chat";
    public static final String LOCAL_SECRET_KEY = "t3chat-local-secret";

    public String endpoint() {
        return "http://localhost:" + port;
    }

    /** The folder this process belongs to (its conf folder's parent: the stack's data folder), named by its marker. */
    public Path stackDir() {
        return confDir.toAbsolutePath().normalize().getParent();
    }

    public Path properties() {
        return confDir.resolve("s3proxy.properties");
    }
}
