package com.t3chat.auth.publicinfo;

import com.t3chat.auth.realm.RealmAdmin;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Public numbers for the landing page (no login): how many people use this instance, counted at most every minute. */
@RestController
class PublicStatsController {

    private final Mono<StatsResponse> stats;

    PublicStatsController(RealmAdmin keycloak) {
        this.stats = Mono.fromCallable(() -> new StatsResponse(keycloak.realm().users().count()))
                .subscribeOn(Schedulers.boundedElastic())
                .cache(value -> Duration.ofMinutes(1), error -> Duration.ZERO, () -> Duration.ZERO);
    }

    @GetMapping("/api/public/stats")
    Mono<StatsResponse> stats() {
        return stats;
    }

    record StatsResponse(long users) {
    }
}
