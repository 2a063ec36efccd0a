package com.t3chat.llm.key;

import com.t3chat.llm.key.KeyCipher.Sealed;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code provider_key} table: one sealed key (and base URL) per user and provider. */
@Repository
class ProviderKeys {

    private final DatabaseClient db;

    ProviderKeys(DatabaseClient db) {
        this.db = db;
    }

    /** A stored key, still sealed. */
    record StoredKey(String ownerId, String provider, Sealed sealed, String last4, String baseUrl, Instant createdAt,
            Instant lastUsedAt) {
    }

    Mono<Void> save(String ownerId, String provider, Sealed sealed, String last4, String baseUrl) {
        return db.sql("""
                        insert into provider_key (owner_id, provider, key_id, nonce, ciphertext, last4, base_url)
                        values (:owner, :provider, :keyId, :nonce, :ciphertext, :last4, :baseUrl)
                        on conflict (owner_id, provider) do update set key_id = excluded.key_id,
                            nonce = excluded.nonce, ciphertext = excluded.ciphertext, last4 = excluded.last4,
                            base_url = excluded.base_url, created_at = now(), updated_at = now(),
                            last_used_at = null""")
                .bind("owner", ownerId)
                .bind("provider", provider)
                .bind("keyId", sealed.keyId())
                .bind("nonce", ByteBuffer.wrap(sealed.nonce()))
                .bind("ciphertext", ByteBuffer.wrap(sealed.ciphertext()))
                .bind("last4", last4)
                .bind("baseUrl", Parameter.fromOrEmpty(baseUrl, String.class))
                .then();
    }

    Flux<StoredKey> findAll(String ownerId) {
        return db.sql("select * from provider_key where owner_id = :owner order by provider")
                .bind("owner", ownerId)
                .map(ProviderKeys::row)
                .all();
    }

    Mono<StoredKey> find(String ownerId, String provider) {
        return db.sql("select * from provider_key where owner_id = :owner and provider = :provider")
                .bind("owner", ownerId)
                .bind("provider", provider)
                .map(ProviderKeys::row)
                .one();
    }

    /** Answers whether there was a key to delete. */
    Mono<Boolean> delete(String ownerId, String provider) {
        return db.sql("delete from provider_key where owner_id = :owner and provider = :provider")
                .bind("owner", ownerId)
                .bind("provider", provider)
                .fetch().rowsUpdated()
                .map(rows -> rows > 0);
    }

    Mono<Void> markUsed(String ownerId, String provider) {
        return db.sql("update provider_key set last_used_at = now() where owner_id = :owner and provider = :provider")
                .bind("owner", ownerId)
                .bind("provider", provider)
                .then();
    }

    /** Keys sealed under another master key than {@code activeKeyId}: what rotation re-seals. */
    Flux<StoredKey> sealedWithOtherThan(String activeKeyId, int limit) {
        return db.sql("select * from provider_key where key_id <> :keyId limit :limit")
                .bind("keyId", activeKeyId)
                .bind("limit", limit)
                .map(ProviderKeys::row)
                .all();
    }

    /** Replaces a key's seal if it is still the one that was read (a concurrent save wins). */
    Mono<Boolean> reseal(StoredKey key, Sealed resealed) {
        return db.sql("""
                        update provider_key set key_id = :keyId, nonce = :nonce, ciphertext = :ciphertext
                        where owner_id = :owner and provider = :provider and nonce = :oldNonce""")
                .bind("keyId", resealed.keyId())
                .bind("nonce", ByteBuffer.wrap(resealed.nonce()))
                .bind("ciphertext", ByteBuffer.wrap(resealed.ciphertext()))
                .bind("owner", key.ownerId())
                .bind("provider", key.provider())
                .bind("oldNonce", ByteBuffer.wrap(key.sealed().nonce()))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    private static StoredKey row(Readable row) {
        return new StoredKey(row.get("owner_id", String.class), row.get("provider", String.class),
                new Sealed(row.get("key_id", String.class), bytes(row.get("nonce", ByteBuffer.class)),
                        bytes(row.get("ciphertext", ByteBuffer.class))),
                row.get("last4", String.class), row.get("base_url", String.class),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("last_used_at", OffsetDateTime.class)));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
