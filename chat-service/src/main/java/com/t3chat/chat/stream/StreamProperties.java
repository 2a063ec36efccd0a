package com.t3chat.chat.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rebuildWindow     how far back a starting replica re-reads the reply topic, so that it can resume streams
 *                          of replies already in flight
 * @param finishedRetention how long a finished reply stays in memory for resuming clients (then: the database)
 * @param generatorSilence  a pending reply whose request was sent this long ago with no delta since is failed
 *                          (its generator died)
 * @param heartbeat         how often an idle stream gets a comment line, so that proxies keep it open
 */
@ConfigurationProperties("t3chat.streams")
public record StreamProperties(
        @DefaultValue("10m") Duration rebuildWindow,
        @DefaultValue("2m") Duration finishedRetention,
        @DefaultValue("90s") Duration generatorSilence,
        @DefaultValue("15s") Duration heartbeat) {
}
