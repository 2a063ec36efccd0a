package com.t3chat.auth.admin;

import com.t3chat.auth.admin.AdminUsers.AdminUser;
import com.t3chat.contracts.Topics;
import com.t3chat.contracts.auth.UserDisabled;
import com.t3chat.contracts.auth.UserEnabled;
import com.t3chat.platform.events.OutboxWriter;
import java.time.Instant;
import java.util.UUID;
import org.springframework.transaction.reactive.TransactionalOperator;
import com.t3chat.platform.problem.ApiProblem;
import com.t3chat.platform.problem.ProblemTypes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The admin's tools: find users (admins and moderators), disable/enable them and set their roles (admins), and
 * read the audit log of every such action (admins).
 */
@RestController
class AdminController {

    private static final int PAGE = 20;

    private final AdminUsers users;
    private final AuditLog audit;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;

    AdminController(AdminUsers users, AuditLog audit, OutboxWriter outbox, TransactionalOperator tx) {
        this.users = users;
        this.audit = audit;
        this.outbox = outbox;
        this.tx = tx;
    }

    @GetMapping("/api/admin/users")
    Mono<UsersPage> users(Authentication caller, @RequestParam(required = false) String search,
            @RequestParam(required = false) String role, @RequestParam(required = false) String cursor) {
        require(caller, "admin", "moderator");
        if (role != null && !AdminUsers.ASSIGNABLE_ROLES.contains(role)) {
            throw ApiProblem.invalidField("role", "must be one of " + AdminUsers.ASSIGNABLE_ROLES);
        }
        int first = offset(cursor);
        return blocking(() -> users.search(blankToNull(search), role, first, PAGE + 1))
                .map(found -> new UsersPage(found.stream().limit(PAGE).toList(),
                        found.size() > PAGE ? Integer.toString(first + PAGE) : null));
    }

    @PostMapping("/api/admin/users/{id}/disable")
    Mono<AdminUser> disable(Authentication caller, @AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return setEnabled(caller, jwt, id, false);
    }

    @PostMapping("/api/admin/users/{id}/enable")
    Mono<AdminUser> enable(Authentication caller, @AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return setEnabled(caller, jwt, id, true);
    }

    @PutMapping("/api/admin/users/{id}/roles")
    Mono<AdminUser> roles(Authentication caller, @AuthenticationPrincipal Jwt jwt, @PathVariable String id,
            @Valid @RequestBody RolesRequest request) {
        require(caller, "admin");
        if (!AdminUsers.ASSIGNABLE_ROLES.containsAll(request.roles())) {
            throw ApiProblem.invalidField("roles", "may only contain " + AdminUsers.ASSIGNABLE_ROLES);
        }
        if (id.equals(jwt.getSubject()) && !request.roles().contains("admin")) {
            throw ApiProblem.invalidField("roles", "you cannot take the admin role from yourself");
        }
        return blocking(() -> users.setRoles(id, request.roles()))
                .flatMap(user -> audit.record(jwt.getSubject(), username(jwt), "roles.set", user.id(),
                        user.username(), String.join(",", user.roles())).thenReturn(user));
    }

    @GetMapping("/api/admin/audit")
    Mono<AuditPage> audit(Authentication caller, @RequestParam(required = false) String cursor) {
        require(caller, "admin");
        Long before = cursor == null ? null : (long) offset(cursor);
        return audit.page(before, PAGE + 1).collectList()
                .map(entries -> new AuditPage(entries.stream().limit(PAGE).toList(),
                        entries.size() > PAGE ? Long.toString(entries.get(PAGE - 1).id()) : null));
    }

    private Mono<AdminUser> setEnabled(Authentication caller, Jwt jwt, String id, boolean enabled) {
        require(caller, "admin");
        if (id.equals(jwt.getSubject()) && !enabled) {
            throw ApiProblem.invalidField("id", "you cannot disable yourself");
        }
        // Keycloak first (sessions end at once); then, together, the audit entry and the fact every service hears
        return blocking(() -> users.setEnabled(id, enabled))
                .flatMap(user -> tx.transactional(audit.record(jwt.getSubject(), username(jwt),
                                enabled ? "user.enable" : "user.disable", user.id(), user.username(), null)
                        .then(enabled
                                ? outbox.append(Topics.AUTH_USERS, user.id(), UserEnabled.TYPE,
                                        new UserEnabled(UUID.randomUUID(), Instant.now(), user.id()))
                                : outbox.append(Topics.AUTH_USERS, user.id(), UserDisabled.TYPE,
                                        new UserDisabled(UUID.randomUUID(), Instant.now(), user.id()))))
                        .thenReturn(user));
    }

    private static void require(Authentication caller, String... roles) {
        Set<String> allowed = Set.of(roles);
        boolean ok = caller.getAuthorities().stream()
                .anyMatch(authority -> authority.getAuthority().startsWith("ROLE_")
                        && allowed.contains(authority.getAuthority().substring(5)));
        if (!ok) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemTypes.forStatus(HttpStatus.FORBIDDEN),
                    "This needs the " + String.join(" or ", roles) + " role.");
        }
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }

    private static int offset(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        if (!cursor.matches("[0-9]{1,9}")) {
            throw ApiProblem.invalidField("cursor", "must be a cursor from a previous page");
        }
        return Integer.parseInt(cursor);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String username(Jwt jwt) {
        return jwt.getClaimAsString("preferred_username");
    }

    record RolesRequest(@NotNull Set<String> roles) {
    }

    record UsersPage(List<AdminUser> items, String nextCursor) {
    }

    record AuditPage(List<AuditLog.Entry> items, String nextCursor) {
    }
}
