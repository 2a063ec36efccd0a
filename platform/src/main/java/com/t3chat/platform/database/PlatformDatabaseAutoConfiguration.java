package com.t3chat.platform.database;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * For every service with an R2DBC database: database outages answer 503 (see {@link DatabaseFailures}), the
 * pool survives a database restart ({@link DeadConnectionSkippingFactory}; its validation and timeouts are in
 * {@code platform-defaults.properties}), and PostgreSQL's durability is checked at start.
 */
@AutoConfiguration(after = R2dbcAutoConfiguration.class)
@ConditionalOnClass({ConnectionFactory.class, DataAccessException.class, DatabaseClient.class})
@EnableConfigurationProperties(DatabaseProperties.class)
public class PlatformDatabaseAutoConfiguration {

    @Bean
    DatabaseFailures databaseFailures(DatabaseProperties properties) {
        return new DatabaseFailures(properties.retryAfter());
    }

    @Bean
    @ConditionalOnBean(DatabaseClient.class)
    @ConditionalOnProperty(name = "t3chat.database.durability-check", havingValue = "true", matchIfMissing = true)
    DatabaseDurabilityCheck databaseDurabilityCheck(DatabaseClient db) {
        return new DatabaseDurabilityCheck(db);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ConnectionPool.class)
    static class PoolConfiguration {

        /** Wraps Boot's pool as it is created, so that every user of the ConnectionFactory gets the wrapper. */
        @Bean
        static BeanPostProcessor deadConnectionSkipping() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof ConnectionPool pool) {
                        return new DeadConnectionSkippingFactory(pool, pool.getMetrics()
                                .map(metrics -> metrics.getMaxAllocatedSize()).orElse(10));
                    }
                    return bean;
                }
            };
        }
    }
}
