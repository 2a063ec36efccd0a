package com.t3chat.platform.database;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a "the database is unreachable" failure from every other one, so that it answers 503 instead of 500.
 * What a PostgreSQL outage really throws (seen in {@code DatabaseOutageIT}): Spring's
 * {@link DataAccessResourceFailureException} ("Failed to obtain R2DBC Connection": the pool's validation of a dead
 * connection failed, or a new one was refused) and {@link CannotCreateTransactionException} at the start of a
 * transaction, r2dbc-postgresql's {@code PostgresConnectionClosedException} (SQL state 08006) mid-query, the
 * pool's acquire timeout ({@link R2dbcTimeoutException}), and the server's own 57P01 (admin shutdown) / 57P03
 * (starting up or shutting down).
 */
public final class DatabaseFailures {

    /** SQL states that mean "not reachable now": 08 connection exceptions, shutdowns, too many connections. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private final Duration retryAfter;

    public DatabaseFailures(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /** The {@code Retry-After} a client gets with the 503. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether {@code ex} (or a cause) says the database is unreachable, restarting or out of connections. */
    public boolean unavailable(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof R2dbcNonTransientResourceException || t instanceof R2dbcTransientResourceException
                    || t instanceof R2dbcTimeoutException) {
                return true;
            }
            if (t instanceof R2dbcException r2dbc && unavailableState(r2dbc.getSqlState())) {
                return true;
            }
            if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** One line for the log: the innermost cause, e.g. {@code ConnectException: Connection refused}. */
    public static String describe(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
    }
}
