package com.t3chat.auth.me;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class ProfileRepository {

    private final DatabaseClient db;

    ProfileRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Profile> find(String userId) {
        return db.sql("select * from user_profile where user_id = :user")
                .bind("user", userId)
                .map(ProfileRepository::toProfile)
                .one();
    }

    /**
     * The user's custom instructions as stored (empty if none, or no row yet), locking their row until the
     * transaction ends. Call inside the transaction that then changes the row.
     */
    Mono<Optional<String>> lockInstructions(String userId) {
        return db.sql("select custom_instructions from user_profile where user_id = :user for update")
                .bind("user", userId)
                .map(row -> Optional.ofNullable(row.get("custom_instructions", String.class)))
                .one()
                .defaultIfEmpty(Optional.empty());
    }

    /**
     * Creates or changes the user's row: a {@code null} keeps the stored value, {@code ""} clears it. The row's
     * {@code updated_at} is the database's clock when the row is written (after waiting for its lock), so a later
     * change of a row always has a later time.
     */
    Mono<Profile> upsert(String userId, UpdateMeRequest change) {
        UpdateMeRequest.PreferencesChange preferences = change.preferencesOrNone();
        return db.sql("""
                        insert into user_profile (user_id, display_name, default_model, theme, custom_instructions,
                                                  updated_at)
                        values (:user, nullif(:displayName::text, ''), nullif(:defaultModel::text, ''),
                                coalesce(:theme::text, 'system'), nullif(:instructions::text, ''), clock_timestamp())
                        on conflict (user_id) do update set
                            display_name = case when :displayName::text is null then user_profile.display_name
                                                else nullif(:displayName::text, '') end,
                            default_model = case when :defaultModel::text is null then user_profile.default_model
                                                 else nullif(:defaultModel::text, '') end,
                            theme = coalesce(:theme::text, user_profile.theme),
                            custom_instructions = case when :instructions::text is null
                                                       then user_profile.custom_instructions
                                                       else nullif(:instructions::text, '') end,
                            updated_at = clock_timestamp()
                        returning *""")
                .bind("user", userId)
                .bind("displayName", text(change.displayName() == null ? null : change.displayName().strip()))
                .bind("defaultModel", text(preferences.defaultModel()))
                .bind("theme", text(preferences.theme()))
                .bind("instructions", text(preferences.customInstructions()))
                .map(ProfileRepository::toProfile)
                .one();
    }

    private static Parameter text(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    private static Profile toProfile(Readable row) {
        return new Profile(row.get("user_id", String.class), row.get("display_name", String.class),
                row.get("default_model", String.class), row.get("theme", String.class),
                row.get("custom_instructions", String.class), row.get("updated_at", Instant.class));
    }
}
