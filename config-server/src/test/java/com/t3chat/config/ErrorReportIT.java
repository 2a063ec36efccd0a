package com.t3chat.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What config-server (Tomcat) refuses, it refuses with problem+json, never with Tomcat's HTML page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.cloud.config.server.native.search-locations=file:../config-repo/",
                "t3chat.config-server.password=" + ErrorReportIT.PASSWORD})
class ErrorReportIT {

    static final String PASSWORD = "error-report-password";
    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
            .encodeToString(("config:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    @Test
    void malformedRequestsAreProblems() throws IOException {
        refused("GET /chat-service/%00 HTTP/1.1", 400, "request-rejected");
        refused("GET /chat-service/%2e%2e%2fsecrets HTTP/1.1", 400, "request-rejected");
        refused("GET /chat-service%2Flocal HTTP/1.1", 400, "request-rejected");
        refused("GET /chat-service/%zz HTTP/1.1", 400, "request-rejected");
        refused("GET /chat-service/local?q=%zz HTTP/1.1", 400, "request-rejected");
        refused("G(T /chat-service/local HTTP/1.1", 400, "request-rejected");
        refused("GET /a b c HTTP/1.1", 400, "request-rejected");
        refused("GET /chat-service/local?x=" + "a".repeat(20_000) + " HTTP/1.1", 400, "request-rejected");
        refused("GET /chat-service/local HTTP/1.1\r\nX-Big: " + "b".repeat(20_000), 400, "request-rejected");
    }

    @Test
    void unsupportedMethodsAndUnknownAddressesAreProblems() throws IOException {
        refused("TRACE /chat-service/local HTTP/1.1", 405, "method-not-allowed");
        refused("BREW /chat-service/local HTTP/1.1", 405, "method-not-allowed");
        refused("DELETE /chat-service/local HTTP/1.1", 405, "method-not-allowed");
        refused("GET /no/such/thing/here/at-all HTTP/1.1", 404, "not-found");
    }

    @Test
    void ordinaryRequestsAreUnchanged() throws IOException {
        String answer = send("GET /chat-service/local HTTP/1.1");
        assertThat(answer).startsWith("HTTP/1.1 200").contains("propertySources");
    }

    private void refused(String requestStart, int status, String slug) throws IOException {
        String answer = send(requestStart);
        assertThat(answer).as(answer).startsWith("HTTP/1.1 " + status);
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).as(answer).contains("content-type: application/problem+json");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        if (head.contains("transfer-encoding: chunked")) {
            body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("}") + 1);
        }
        assertThat((String) JsonPath.read(body, "$.type")).isEqualTo("urn:t3chat:problem:" + slug);
        assertThat((Integer) JsonPath.read(body, "$.status")).isEqualTo(status);
    }

    private String send(String requestStart) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write((requestStart + "\r\nHost: localhost\r\nAuthorization: " + AUTHORIZATION
                    + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
