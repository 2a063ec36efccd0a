package com.t3chat.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.t3chat.devstack.test.TestInfra;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.r2dbc.core.DatabaseClient;

/** The test PostgreSQL runs fast and unsafe on purpose: the check must say so. */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseDurabilityCheckIT {

    @Test
    void aDatabaseWithoutFsyncIsWarnedAbout(CapturedOutput output) {
        TestInfra infra = TestInfra.shared();
        var connections = ConnectionFactories.get(ConnectionFactoryOptions.parse(infra.r2dbcUrl("platform")).mutate()
                .option(ConnectionFactoryOptions.USER, infra.databaseUser())
                .option(ConnectionFactoryOptions.PASSWORD, infra.databasePassword())
                .build());

        var off = new DatabaseDurabilityCheck(DatabaseClient.create(connections)).check().block();

        assertThat(off).containsExactly("fsync=off", "full_page_writes=off", "synchronous_commit=off");
        assertThat(output).contains("WARN").contains("PostgreSQL runs with fsync=off, full_page_writes=off, "
                + "synchronous_commit=off").contains("t3chat.database.durability-check=false");
    }
}
