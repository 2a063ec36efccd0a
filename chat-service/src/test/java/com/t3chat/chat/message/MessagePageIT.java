package com.t3chat.chat.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.devstack.test.TestJwtIssuer;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * {@code GET …/messages} answers a page of the active branch at a cost that does not grow with the chat: a
 * 5,000-message chat and a 50-message chat answer their first page with the same number of SQL statements (counted
 * on every connection this service opens). Its own database: the counts see no other test's statements.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        "spring.config.import=file:../config-repo/application.yml,file:../config-repo/chat-service.yml"})
@AutoConfigureWebTestClient(timeout = "30s")
class MessagePageIT {

    private static final TestInfra infra = TestInfra.shared();
    private static final TestJwtIssuer jwt = infra.jwt();
    private static final int LLM_SERVICE_DOWN = PortProbe.freePort();
    /** Statements this service sent, apart from the outbox relay's polling. */
    private static final AtomicInteger statements = new AtomicInteger();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.register(registry, "chat_message_page");
        registry.add("t3chat.services.llm", () -> "http://127.0.0.1:" + LLM_SERVICE_DOWN);
    }

    @TestConfiguration
    static class CountingStatements {

        @Bean
        static BeanPostProcessor countStatements() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof ConnectionFactory factory ? counting(factory) : bean;
                }
            };
        }

        static ConnectionFactory counting(ConnectionFactory factory) {
            return (ConnectionFactory) Proxy.newProxyInstance(MessagePageIT.class.getClassLoader(),
                    new Class<?>[] {ConnectionFactory.class}, (proxy, method, args) -> {
                        Object result = invoke(factory, method, args);
                        return "create".equals(method.getName())
                                ? Mono.from((org.reactivestreams.Publisher<? extends Connection>) result)
                                        .map(CountingStatements::counting)
                                : result;
                    });
        }

        static Connection counting(Connection connection) {
            return (Connection) Proxy.newProxyInstance(MessagePageIT.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if ("createStatement".equals(method.getName()) && !((String) args[0]).contains("outbox")) {
                            statements.incrementAndGet();
                        }
                        return invoke(connection, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
                throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    DatabaseClient db;

    @Test
    void aLongAndAShortChatAnswerTheirFirstPageWithTheSameStatements() {
        String alice = jwt.token("alice-" + UUID.randomUUID(), "user");
        String longChat = seeded(alice, 5_000);
        String shortChat = seeded(alice, 50);
        page(alice, longChat, "");
        page(alice, shortChat, ""); // warm: the first request of a context prepares more than a page needs

        int before = statements.get();
        String longPage = page(alice, longChat, "");
        int forLong = statements.get() - before;
        before = statements.get();
        String shortPage = page(alice, shortChat, "");
        int forShort = statements.get() - before;

        assertThat(forLong).isEqualTo(forShort).isPositive().isLessThanOrEqualTo(5);
        assertThat((List<String>) JsonPath.read(longPage, "$.messages[*].content")).hasSize(40)
                .startsWith("turn 5000", "turn 4999");
        assertThat((List<String>) JsonPath.read(shortPage, "$.messages[*].content")).hasSize(40)
                .startsWith("turn 50");
        assertThat((String) JsonPath.read(longPage, "$.nextCursor")).isNotNull();
    }

    @Test
    void aCursorWalksTheBranchToItsFirstMessageAndAForeignCursorIsRefused() {
        String alice = jwt.token("alice-" + UUID.randomUUID(), "user");
        String chatId = seeded(alice, 50);
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            String page = page(alice, chatId, "&limit=20" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            seen.addAll(JsonPath.read(page, "$.messages[*].content"));
            cursor = JsonPath.read(page, "$.nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(50).startsWith("turn 50").endsWith("turn 1");

        String other = seeded(alice, 3);
        String foreign = JsonPath.read(page(alice, other, "&limit=1"), "$.nextCursor");
        for (String bad : List.of(foreign, "not-a-cursor")) {
            http.get().uri("/api/chats/{c}/messages?cursor={k}", chatId, bad)
                    .header("Authorization", "Bearer " + alice).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").value(type -> assertThat((String) type).endsWith("invalid-cursor"));
        }
        http.get().uri("/api/chats/{c}/messages?limit=201", chatId).header("Authorization", "Bearer " + alice)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void versionsAreNamedUntilReachesAMessageAndDescendSwitchesToTheNewestLeaf() {
        String alice = jwt.token("alice-" + UUID.randomUUID(), "user");
        String chatId = seeded(alice, 10);
        List<String> ids = ids(chatId);
        // an edit of turn 3 (a sibling under turn 2) with a reply of its own, and a second answer to turn 9
        String edit = insert(chatId, alice, ids.get(1), "user", "turn 3 edited");
        String editReply = insert(chatId, alice, edit, "assistant", "answer to the edit");
        insert(chatId, alice, ids.get(8), "assistant", "turn 10 again");

        String page = page(alice, chatId, "");
        // the leaf is still turn 10: it is version 1 of 2 under turn 9
        assertThat((String) JsonPath.read(page, "$.messages[0].content")).isEqualTo("turn 10");
        assertThat((Integer) JsonPath.read(page, "$.messages[0].versionIndex")).isZero();
        assertThat((Integer) JsonPath.read(page, "$.messages[0].versionCount")).isEqualTo(2);
        assertThat((List<String>) JsonPath.read(page, "$.messages[0].siblingIds")).hasSize(2)
                .startsWith(ids.get(9));
        String third = "$.messages[?(@.content == 'turn 3')]";
        assertThat((List<Integer>) JsonPath.read(page, third + ".versionCount")).containsExactly(2);
        assertThat((List<Object>) JsonPath.read(page, "$.messages[?(@.content == 'turn 4')].siblingIds")).isEmpty();
        assertThat((List<Integer>) JsonPath.read(page, "$.messages[?(@.content == 'turn 4')].versionCount"))
                .containsExactly(1);

        // until: a small page reaches down to turn 2
        String reached = page(alice, chatId, "&limit=2&until=" + ids.get(1));
        assertThat((List<String>) JsonPath.read(reached, "$.messages[*].content")).hasSize(9).endsWith("turn 2");
        http.get().uri("/api/chats/{c}/messages?until={m}", chatId, edit).header("Authorization", "Bearer " + alice)
                .exchange().expectStatus().isNotFound();

        // switching to the edit's version: descend to its newest leaf
        http.put().uri("/api/chats/{c}/leaf", chatId).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("messageId", edit, "descend", true))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.currentLeafId").isEqualTo(editReply);
        String switched = page(alice, chatId, "");
        assertThat((List<String>) JsonPath.read(switched, "$.messages[*].content"))
                .containsExactly("answer to the edit", "turn 3 edited", "turn 2", "turn 1");
        assertThat((Integer) JsonPath.read(switched, "$.messages[1].versionIndex")).isEqualTo(1);
        http.put().uri("/api/chats/{c}/leaf", chatId).header("Authorization", "Bearer " + alice)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("messageId", ids.get(2)))
                .exchange().expectStatus().isNoContent();
        assertThat((String) JsonPath.read(page(alice, chatId, ""), "$.currentLeafId")).isEqualTo(ids.get(2));
    }

    private String page(String token, String chatId, String query) {
        return http.get().uri("/api/chats/" + chatId + "/messages?" + query).header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    /** A chat of {@code count} finished turns ("turn 1" … oldest first) on one branch, the last one its leaf. */
    private String seeded(String token, int count) {
        String chatId = JsonPath.read(http.post().uri("/api/chats").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody(), "$.id");
        db.sql("""
                        with ids as (select i, gen_random_uuid() as id from generate_series(1, :n) i),
                             chain as (select i, id, lag(id) over (order by i) as parent from ids)
                        insert into message (id, chat_id, parent_id, role, content, status, created_at, finished_at,
                                             owner_id)
                        select chain.id, :chat, chain.parent, case when i % 2 = 1 then 'user' else 'assistant' end,
                               'turn ' || i, 'complete', now(), now(), c.owner_id
                        from chain, chat c where c.id = :chat order by i""")
                .bind("n", count).bind("chat", UUID.fromString(chatId)).then().block(Duration.ofSeconds(30));
        db.sql("""
                        update chat set current_leaf_id = (select id from message where chat_id = :chat
                                                           order by seq desc limit 1) where id = :chat""")
                .bind("chat", UUID.fromString(chatId)).then().block(Duration.ofSeconds(10));
        return chatId;
    }

    private List<String> ids(String chatId) {
        return db.sql("select id from message where chat_id = :chat order by seq")
                .bind("chat", UUID.fromString(chatId)).map(row -> row.get("id", UUID.class).toString()).all()
                .collectList().block(Duration.ofSeconds(10));
    }

    private String insert(String chatId, String owner, String parentId, String role, String content) {
        UUID id = UUID.randomUUID();
        db.sql("""
                        insert into message (id, chat_id, parent_id, role, content, status, created_at, owner_id)
                        values (:id, :chat, :parent, :role, :content, 'complete', now(), :owner)""")
                .bind("id", id).bind("chat", UUID.fromString(chatId)).bind("parent", UUID.fromString(parentId))
                .bind("role", role).bind("content", content).bind("owner", owner)
                .then().block(Duration.ofSeconds(10));
        return id.toString();
    }
}
