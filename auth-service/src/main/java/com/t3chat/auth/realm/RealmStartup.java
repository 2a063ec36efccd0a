package com.t3chat.auth.realm;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Reconciles the realm once auth-service has started: the first try before the service reports itself ready (the
 * readiness probe waits for it, so clients and local users exist once the stack is up), then — if Keycloak could
 * not be reached — in the background every 10 s for as long as it takes; the rest of auth-service works meanwhile.
 */
@Component
class RealmStartup {

    private static final Logger log = LoggerFactory.getLogger(RealmStartup.class);

    private final RealmReconciler reconciler;
    private final RealmProperties properties;

    RealmStartup(RealmReconciler reconciler, RealmProperties properties) {
        this.reconciler = reconciler;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reconcileInTheBackground() {
        if (!properties.enabled()) {
            log.info("Realm management is off (t3chat.realm.enabled=false)");
            return;
        }
        if (properties.adminPassword() == null || properties.adminPassword().isBlank()) {
            log.warn("Realm {} is not managed: KEYCLOAK_ADMIN_PASSWORD is not set", properties.realm());
            return;
        }
        try {
            reconciler.reconcile(); // ApplicationReadyEvent listeners run before readiness is announced
            return;
        } catch (RuntimeException e) {
            log.warn("Realm {} not reconciled yet ({}); trying again in the background", properties.realm(),
                    e.toString());
        }
        Mono.fromCallable(reconciler::reconcile)
                .delaySubscription(Duration.ofSeconds(10))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnError(error -> log.warn("Realm {} not reconciled yet ({}); trying again in 10 s",
                        properties.realm(), error.toString()))
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofSeconds(10)))
                .subscribe();
    }
}
