package com.t3chat.auth.realm;

import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Lets an admin put the realm back to its definition now (it is also done at every start). */
@RestController
class RealmController {

    private final RealmReconciler reconciler;

    RealmController(RealmReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @PostMapping("/api/admin/realm/reconcile")
    Mono<ReconcileResponse> reconcile(Authentication caller) {
        if (caller.getAuthorities().stream().noneMatch(a -> "ROLE_admin".equals(a.getAuthority()))) {
            return Mono.error(new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.forStatus(HttpStatus.FORBIDDEN),
                    "Only admins can reconcile the realm."));
        }
        return Mono.fromCallable(reconciler::reconcile)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(RealmReconciler.RealmReconcileException.class, e -> new ApiProblem(HttpStatus.BAD_GATEWAY,
                        ProblemTypes.of("realm-reconcile-failed"), e.getMessage()))
                .map(ReconcileResponse::new);
    }

    /** @param changes what had drifted and was put back (empty: the realm matched) */
    record ReconcileResponse(List<String> changes) {
    }
}
