package com.t3chat.platform.database;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The connection pool, handing out a live connection right after a database restart. When PostgreSQL restarts,
 * every idle pooled connection is dead; r2dbc-pool notices that when it validates one on acquire, drops it, but
 * gives up after {@code acquire-retry} such drops and the request fails (a 500 before this class). Here a
 * failed validation is simply tried again, up to the pool's size, so the dead connections are drained within
 * the first request. A connection that cannot be opened (the database is down) is not retried here: that fails
 * as fast as before and answers 503.
 */
final class DeadConnectionSkippingFactory implements ConnectionFactory, Wrapped<ConnectionFactory>, AutoCloseable {

    /** r2dbc-pool's own error when validating a pooled connection on acquire fails ({@code io.r2dbc.pool.Validation}). */
    static final String VALIDATION_FAILED = "Connection validation failed";

    private final ConnectionPool pool;
    private final int maxDeadConnections;

    DeadConnectionSkippingFactory(ConnectionPool pool, int maxDeadConnections) {
        this.pool = pool;
        this.maxDeadConnections = maxDeadConnections;
    }

    @Override
    public Mono<Connection> create() {
        return pool.create().retryWhen(Retry.max(maxDeadConnections).filter(DeadConnectionSkippingFactory::deadConnection));
    }

    static boolean deadConnection(Throwable ex) {
        return ex instanceof R2dbcNonTransientResourceException && VALIDATION_FAILED.equals(ex.getMessage());
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }

    @Override
    public ConnectionFactory unwrap() {
        return pool;
    }

    @Override
    public void close() {
        pool.dispose();
    }

    @Override
    public String toString() {
        return "DeadConnectionSkippingFactory[" + pool + "]";
    }
}
