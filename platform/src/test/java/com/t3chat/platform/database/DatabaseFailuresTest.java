package com.t3chat.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseFailuresTest {

    private final DatabaseFailures failures = new DatabaseFailures(Duration.ofSeconds(5));

    @Test
    void whatAPostgresOutageThrowsIsUnavailable() {
        // the pool found its pooled connection dead, or could not open a new one
        assertThat(failures.unavailable(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                new R2dbcNonTransientResourceException("Connection validation failed")))).isTrue();
        // the start of a transaction while the server refuses connections
        assertThat(failures.unavailable(new CannotCreateTransactionException("Could not open R2DBC Connection",
                new R2dbcNonTransientResourceException("refused", new ConnectException("Connection refused")))))
                .isTrue();
        // r2dbc-postgresql's PostgresConnectionClosedException mid-query
        assertThat(failures.unavailable(new RuntimeException("wrapped",
                new R2dbcNonTransientResourceException("Cannot exchange messages because the connection is closed",
                        "08006")))).isTrue();
        // the pool's acquire timeout
        assertThat(failures.unavailable(new R2dbcTimeoutException("Connection acquisition timed out after 5000ms")))
                .isTrue();
        // the server's own shutdown and start-up messages, whatever exception type carries them
        for (String state : new String[] {"57P01", "57P02", "57P03", "08001", "53300"}) {
            assertThat(failures.unavailable(new R2dbcNonTransientException("server says no", state) { }))
                    .as(state).isTrue();
        }
    }

    @Test
    void aBugOrABadRequestIsNotAnOutage() {
        assertThat(failures.unavailable(new R2dbcBadGrammarException("relation \"chat\" does not exist", "42P01")))
                .isFalse();
        assertThat(failures.unavailable(new R2dbcPermissionDeniedException("password authentication failed", "28P01")))
                .isFalse();
        assertThat(failures.unavailable(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(failures.unavailable(new IllegalStateException("no"))).isFalse();
    }

    @Test
    void theLogLineNamesTheInnermostCause() {
        assertThat(DatabaseFailures.describe(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                new R2dbcNonTransientResourceException("x", new ConnectException("Connection refused")))))
                .isEqualTo("ConnectException: Connection refused");
    }
}
