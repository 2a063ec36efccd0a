package com.t3chat.platform.events;

import com.t3chat.platform.accounts.AccountListener;
import com.t3chat.platform.accounts.DisabledUsers;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox and the consumed-events record, for every service that has a database and Kafka.
 * Their tables come with the platform's own Flyway migration ({@code classpath:db/platform}).
 */
@AutoConfiguration(after = {R2dbcAutoConfiguration.class, DataR2dbcAutoConfiguration.class,
        TransactionAutoConfiguration.class, KafkaAutoConfiguration.class})
@ConditionalOnClass({DatabaseClient.class, KafkaTemplate.class})
@ConditionalOnBean({DatabaseClient.class, KafkaTemplate.class, ReactiveTransactionManager.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class PlatformEventsAutoConfiguration {

    @Bean
    OutboxRelay outboxRelay(DatabaseClient db, ReactiveTransactionManager transactions,
            KafkaTemplate<String, String> kafka, OutboxProperties properties, ApplicationEventPublisher publisher,
            ObjectProvider<MeterRegistry> meters) {
        return new OutboxRelay(db, TransactionalOperator.create(transactions), kafka, properties, publisher, meters);
    }

    @Bean
    OutboxWriter outboxWriter(DatabaseClient db, JsonMapper json, OutboxRelay relay) {
        return new OutboxWriter(db, json, relay);
    }

    @Bean
    ProcessedEvents processedEvents(DatabaseClient db) {
        return new ProcessedEvents(db);
    }

    /** Disabled users, so that every service with data refuses their changes before their tokens expire. */
    @Bean
    DisabledUsers disabledUsers(DatabaseClient db, ProcessedEvents processed, ReactiveTransactionManager transactions) {
        return new DisabledUsers(db, processed, TransactionalOperator.create(transactions));
    }

    @Bean
    AccountListener accountListener(DisabledUsers disabledUsers) {
        return new AccountListener(disabledUsers);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FlywayConfigurationCustomizer.class)
    static class PlatformMigrations {

        @Bean
        FlywayConfigurationCustomizer platformMigrationLocation() {
            return flyway -> {
                List<Location> locations = new ArrayList<>(List.of(flyway.getLocations()));
                locations.add(new Location("classpath:db/platform"));
                flyway.locations(locations.toArray(Location[]::new));
                // platform migrations (0.x) may arrive after a service's own (1, 2, …): apply them anyway
                flyway.outOfOrder(true);
            };
        }
    }
}
