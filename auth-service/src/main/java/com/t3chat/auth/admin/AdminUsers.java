package com.t3chat.auth.admin;

import com.t3chat.auth.realm.RealmAdmin;
import com.t3chat.platform.problem.ApiProblem;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.springframework.stereotype.Service;

/** Users as admins see and change them, in Keycloak (blocking calls; the controller runs them off the event loop). */
@Service
class AdminUsers {

    static final Set<String> ASSIGNABLE_ROLES = Set.of("user", "moderator", "admin");

    private final RealmAdmin keycloak;

    AdminUsers(RealmAdmin keycloak) {
        this.keycloak = keycloak;
    }

    record AdminUser(String id, String username, String email, boolean enabled, Instant createdAt, List<String> roles) {
    }

    /** A page of users matching {@code search} (username, email, names) and holding {@code role} if given. */
    List<AdminUser> search(String search, String role, int first, int max) {
        RealmResource realm = keycloak.realm();
        List<UserRepresentation> users = role == null
                ? realm.users().search(search == null ? "" : search, first, max, true)
                : realm.roles().get(role).getUserMembers(true, first, max).stream()
                        .filter(user -> search == null || matches(user, search))
                        .toList();
        return users.stream().map(user -> view(realm, user)).toList();
    }

    AdminUser get(String id) {
        RealmResource realm = keycloak.realm();
        return view(realm, user(realm, id).toRepresentation());
    }

    /** Enables or disables; disabling also ends the user's sessions, so refresh tokens stop working at once. */
    AdminUser setEnabled(String id, boolean enabled) {
        RealmResource realm = keycloak.realm();
        UserResource user = user(realm, id);
        UserRepresentation rep = user.toRepresentation();
        rep.setEnabled(enabled);
        user.update(rep);
        if (!enabled) {
            user.logout();
        }
        return view(realm, user.toRepresentation());
    }

    /** Sets the user's assignable realm roles to exactly {@code roles}. */
    AdminUser setRoles(String id, Set<String> roles) {
        RealmResource realm = keycloak.realm();
        UserResource user = user(realm, id);
        var realmRoles = user.roles().realmLevel();
        List<RoleRepresentation> current = realmRoles.listAll().stream()
                .filter(role -> ASSIGNABLE_ROLES.contains(role.getName())).toList();
        List<RoleRepresentation> remove = current.stream().filter(role -> !roles.contains(role.getName())).toList();
        Set<String> has = current.stream().map(RoleRepresentation::getName).collect(java.util.stream.Collectors.toSet());
        List<RoleRepresentation> add = roles.stream().filter(role -> !has.contains(role))
                .map(role -> realm.roles().get(role).toRepresentation()).toList();
        if (!remove.isEmpty()) {
            realmRoles.remove(remove);
        }
        if (!add.isEmpty()) {
            realmRoles.add(add);
        }
        return view(realm, user.toRepresentation());
    }

    long count() {
        return keycloak.realm().users().count();
    }

    private static UserResource user(RealmResource realm, String id) {
        UserResource user = realm.users().get(id);
        try {
            user.toRepresentation();
        } catch (NotFoundException e) {
            throw ApiProblem.notFound("There is no user " + id + ".");
        }
        return user;
    }

    private static AdminUser view(RealmResource realm, UserRepresentation user) {
        List<String> roles = realm.users().get(user.getId()).roles().realmLevel().listEffective().stream()
                .map(RoleRepresentation::getName).filter(ASSIGNABLE_ROLES::contains).sorted().toList();
        return new AdminUser(user.getId(), user.getUsername(), user.getEmail(), Boolean.TRUE.equals(user.isEnabled()),
                user.getCreatedTimestamp() == null ? null : Instant.ofEpochMilli(user.getCreatedTimestamp()), roles);
    }

    private static boolean matches(UserRepresentation user, String search) {
        Function<String, Boolean> has = value -> value != null && value.toLowerCase().contains(search.toLowerCase());
        return has.apply(user.getUsername()) || has.apply(user.getEmail()) || has.apply(user.getFirstName())
                || has.apply(user.getLastName());
    }
}
