package com.t3chat.platform.security;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The last good JWK set in a file, for a service without a database (the gateway): {@code {"jwkSetUri": …,
 * "jwkSet": "…"}}, replaced atomically. On a shared volume every replica reads it; otherwise each keeps its own.
 * File access runs on {@code boundedElastic}, never on an event loop.
 */
final class FileJwkSetStore implements JwkSetStore {

    private final Path file;

    FileJwkSetStore(Path file) {
        this.file = file;
    }

    @Override
    public Mono<String> load(String jwkSetUri) {
        return Mono.fromCallable(() -> {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            Map<String, Object> stored = JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
            return jwkSetUri.equals(stored.get("jwkSetUri")) && stored.get("jwkSet") instanceof String jwkSet
                    ? jwkSet : null;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> save(String jwkSetUri, String jwkSet) {
        return Mono.fromRunnable(() -> write(JSONObjectUtils.toJSONString(
                Map.of("jwkSetUri", jwkSetUri, "jwkSet", jwkSet)))).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private void write(String json) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
