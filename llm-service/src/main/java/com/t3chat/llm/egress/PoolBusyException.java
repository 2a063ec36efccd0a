package com.t3chat.llm.egress;

import java.time.Duration;

/**
 * No connection to the destination became free within {@code t3chat.egress.pool-wait}: this service has as many
 * streams open to that host as it allows. A resource of ours is exhausted, not the provider: such a call is not
 * retried and is never counted by a circuit breaker.
 */
public final class PoolBusyException extends RuntimeException {

    public PoolBusyException(String destination, Duration waited, Throwable cause) {
        super("no free connection to " + destination + " within " + waited, cause);
    }
}
