package com.t3chat.gateway.web;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Which requests belong to the web app: every GET (and HEAD) outside the API, the actuator and the API
 * description. The app's own routes ({@code /c/{id}}, {@code /settings/keys}, {@code /s/{token}},
 * {@code /auth/callback}, …) are all answered with {@code index.html}; only files under {@code /assets/} may be
 * missing (404).
 */
final class WebAppPaths {

    static final String ASSETS = "/assets/";

    private static final List<String> NOT_THE_APP = List.of("/api", "/actuator", "/v3");

    private WebAppPaths() {
    }

    static boolean isAppRequest(ServerHttpRequest request) {
        return isAppRequest(request.getMethod(), request.getPath().pathWithinApplication().value());
    }

    static boolean isAppRequest(HttpMethod method, String path) {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return false;
        }
        for (String prefix : NOT_THE_APP) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return false;
            }
        }
        return true;
    }
}
