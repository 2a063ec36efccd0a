package com.t3chat.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Answers the web app's requests from its built files: hashed assets (cached for a year), the few unhashed files
 * at the root (cached briefly) and {@code index.html} for every other path, so that the app's own router can show
 * {@code /c/123} or {@code /settings/keys} after a reload (revalidated every time, by its ETag).
 */
final class WebAppHandler {

    private static final Logger log = LoggerFactory.getLogger(WebAppHandler.class);

    static final CacheControl ASSET_CACHE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    static final CacheControl INDEX_CACHE = CacheControl.noCache();
    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    private final Function<ServerRequest, Mono<Resource>> assets;
    private final Function<ServerRequest, Mono<Resource>> rootFiles;
    private final CacheControl rootFileCache;
    private final byte[] index;
    private final String indexTag;

    WebAppHandler(Resource root, Duration rootFileMaxAge) {
        try {
            this.assets = RouterFunctions.resourceLookupFunction(WebAppPaths.ASSETS + "**",
                    root.createRelative(WebAppPaths.ASSETS.substring(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.rootFiles = RouterFunctions.resourceLookupFunction("/*", root);
        this.rootFileCache = CacheControl.maxAge(rootFileMaxAge).cachePublic();
        this.index = read(root, "index.html");
        this.indexTag = index == null ? null : "\"" + sha256(index).substring(0, 32) + "\"";
        if (index == null) {
            log.warn("No web app at {} (index.html is missing): build the web module; its paths answer 404", root);
        }
    }

    /** {@code /assets/**}: the file, or 404 (never index.html: a missing script must not come back as HTML). */
    Mono<ServerResponse> asset(ServerRequest request) {
        return assets.apply(request)
                .flatMap(resource -> file(resource, ASSET_CACHE))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "There is no such file in the web app.")));
    }

    /** Any other path of the app: a file at the root, else {@code index.html}. */
    Mono<ServerResponse> page(ServerRequest request) {
        return rootFiles.apply(request)
                .filter(resource -> !"index.html".equals(resource.getFilename()))
                .flatMap(resource -> file(resource, rootFileCache))
                .switchIfEmpty(Mono.defer(() -> index(request)));
    }

    private Mono<ServerResponse> index(ServerRequest request) {
        if (index == null) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "The web app is not installed."));
        }
        return request.checkNotModified(indexTag)
                .switchIfEmpty(Mono.defer(() -> ServerResponse.ok()
                        .contentType(HTML)
                        .cacheControl(INDEX_CACHE)
                        .eTag(indexTag)
                        .varyBy(HttpHeaders.ACCEPT_ENCODING)
                        .bodyValue(index)));
    }

    private static Mono<ServerResponse> file(Resource resource, CacheControl cache) {
        return ServerResponse.ok()
                .contentType(MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM))
                .cacheControl(cache)
                // the gateway compresses text files for browsers that accept it (server.compression)
                .varyBy(HttpHeaders.ACCEPT_ENCODING)
                .body(BodyInserters.fromResource(resource));
    }

    private static byte[] read(Resource root, String name) {
        try {
            Resource resource = root.createRelative(name);
            if (!resource.isReadable()) {
                return null;
            }
            try (InputStream in = resource.getInputStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web app's " + name, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
