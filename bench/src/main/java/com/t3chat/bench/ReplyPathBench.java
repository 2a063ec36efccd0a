package com.t3chat.bench;

import static com.t3chat.bench.Figures.fmt;
import static com.t3chat.bench.Figures.ratio;
import static com.t3chat.bench.Figures.tax;
import static com.t3chat.bench.Figures.triple;

import com.t3chat.devstack.infra.JvmProfile;
import com.t3chat.devstack.keycloak.KeycloakTokens;
import com.t3chat.devstack.process.ProcessMemory;
import com.t3chat.devstack.stack.LocalStack;
import com.t3chat.devstack.stack.PartStatus;
import com.t3chat.devstack.stack.StackOptions;
import com.t3chat.devstack.test.SimulatorMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * {@code ./dev bench}: the whole system on a fresh data folder ({@code .data-bench/}) with the production JVM profile
 * and the provider simulator in its own JVM, measured from a client's side; every figure next to the same call made
 * straight to the simulator in the same run. See {@code docs/benchmarks.md}. Never fails on a timing; exits
 * non-zero only if the stack does not start.
 */
public final class ReplyPathBench {

    static final String TTFT_MODEL = "sim-len20-rate40";
    static final String RECORDS_MODEL = "sim-len300-rate40";
    static final String SEED_MODEL = "sim-len5-rate1000";
    /** A short, fast reply: the throughput steps measure the system's cost per message, not waiting on tokens. */
    static final String THROUGHPUT_MODEL = "sim-len20-rate200";
    static final String PASSWORD = "bench-password";
    static final int SIMULATOR_PORT = 18090;

    private final BenchOptions options;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String> summary = new ArrayList<>();
    private final HttpClient http = ChatApi.newHttpClient();
    /** The open-streams phase's streams have a client of their own: the TTFT samples beside them do not queue there. */
    private final HttpClient streamsHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Long> peakRssKib = new ConcurrentHashMap<>();
    private LocalStack stack;
    private ChatApi api;
    private DirectCalls direct;
    private List<String> tokens;
    private long tokensAt;
    private String simulatorUrl;
    private FlightRecordings recordings;
    private final Map<String, Object> jfr = new LinkedHashMap<>();
    private final List<String> jfrSummary = new ArrayList<>();
    private Map<String, Long> pids = new LinkedHashMap<>();
    private volatile boolean sampling;

    private ReplyPathBench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new ReplyPathBench(options).run());
    }

    int run() throws Exception {
        Path root = Path.of(System.getProperty("t3chat.root", ".")).toAbsolutePath().normalize();
        Path benchDir = root.resolve(".data-bench");
        String started = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path out = benchDir.resolve("results").resolve(started);
        Files.createDirectories(out);
        deleteRecursively(benchDir.resolve("stack"));
        deleteRecursively(benchDir.resolve("config-repo"));
        copyRecursively(root.resolve("config-repo"), benchDir.resolve("config-repo"));

        Process simulator = startSimulator(benchDir);
        simulatorUrl = "http://127.0.0.1:" + SIMULATOR_PORT;
        StackOptions stackOptions = StackOptions.defaults().withDataDir(benchDir.resolve("stack"))
                .withConfigRepo(benchDir.resolve("config-repo")).withPidFile(false)
                .withJvmProfile(JvmProfile.PRODUCTION).withSimulatorUrl(simulatorUrl).withExtraProfiles("bench");
        List<String> extraJvmOptions = new ArrayList<>();
        if (options.nmt()) {
            extraJvmOptions.add(NativeMemory.OPTION);
        }
        if (options.jfr()) {
            extraJvmOptions.add(FlightRecordings.STACK_DEPTH_OPTION);
        }
        if (!extraJvmOptions.isEmpty()) {
            // the java launcher reads JDK_JAVA_OPTIONS: every service JVM starts with these (jcmd does not read it)
            stackOptions = stackOptions.withEnvironment("JDK_JAVA_OPTIONS", String.join(" ", extraJvmOptions));
        }
        config(stackOptions, root);
        try {
            log("starting the stack (production JVM profile, data in " + benchDir.resolve("stack") + ")");
            stack = LocalStack.start(stackOptions);
        } catch (RuntimeException e) {
            System.err.println("the stack did not start: " + e.getMessage());
            simulator.destroy();
            return 1;
        }
        try {
            api = new ChatApi(http, stack.gatewayUrl());
            direct = new DirectCalls(http, simulatorUrl);
            for (PartStatus part : stack.status()) {
                if (part.pid() > 0) {
                    pids.put(part.part(), part.pid());
                }
            }
            pids.put("simulator", simulator.pid());
            Map<String, Long> servicePids = new LinkedHashMap<>();
            pids.forEach((part, pid) -> {
                if (com.t3chat.devstack.service.ServiceCatalog.find(part).isPresent()) {
                    servicePids.put(part, pid);
                }
            });
            recordings = options.jfr() ? new FlightRecordings(out, servicePids) : null;
            NativeMemory nmt = options.nmt() ? new NativeMemory(out, servicePids) : null;
            tokens = users(options.users());
            warmUp();
            Map<String, Long> idle = rss();
            results.put("rss_idle_kib", idle);
            Map<String, Map<String, Long>> nmtIdle = nmt == null ? null : nmt.snapshot("idle");
            Thread sampler = Thread.ofVirtual().start(this::samplePeaks);
            sampling = true;
            for (String phase : BenchOptions.PHASES) {
                if (options.phases().contains(phase)) {
                    log("phase " + phase);
                    try {
                        freshTokens();
                        switch (phase) {
                            case "ttft" -> ttft();
                            case "gateway" -> gateway();
                            case "throughput" -> profiled("throughput", this::throughput);
                            case "records" -> records();
                            case "long-chat" -> longChat();
                            case "open-streams" -> openStreams();
                            case "rss" -> {
                                // read after every other phase, below
                            }
                            default -> throw new IllegalStateException("no phase " + phase);
                        }
                    } catch (RuntimeException e) {
                        results.put(phase + "_error", e.toString());
                        log("phase " + phase + " failed: " + e);
                    }
                }
            }
            sampling = false;
            sampler.join();
            results.put("rss_peak_kib", Map.copyOf(peakRssKib));
            if (options.phases().contains("rss")) {
                log("quiet for " + options.afterSeconds() + " s, then RSS after load");
                Thread.sleep(options.afterSeconds() * 1000L);
                Map<String, Long> after = rss();
                results.put("rss_after_kib", after);
                rssSummary(idle, after);
            }
            if (!jfr.isEmpty()) {
                results.put("jfr", jfr);
                summary.addAll(jfrSummary);
            }
            if (nmt != null) {
                String when = options.phases().contains("rss") ? "after the load and " + options.afterSeconds()
                        + " s quiet" : "right after the last phase";
                Map<String, Map<String, Long>> nmtAfter = nmt.snapshot("after");
                results.put("nmt_committed_kib", Map.of("idle", nmtIdle, "after", nmtAfter, "after_when", when));
                summary.addAll(NativeMemory.summary(nmtIdle, nmtAfter, 5, when));
            }
        } finally {
            results.put("load_after", loadAverage());
            String json = ChatApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results);
            Files.writeString(out.resolve("results.json"), json);
            String md = String.join("\n", summary) + "\n";
            Files.writeString(out.resolve("summary.md"), md);
            System.out.println();
            System.out.println(md);
            System.out.println("results: " + out);
            stack.close();
            simulator.destroy();
            threads.shutdownNow();
            streamsHttp.shutdownNow();
        }
        return 0;
    }

    // ------------------------------------------------------------------ setup

    private void config(StackOptions stackOptions, Path root) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("options", options.toString());
        config.put("jvm_profile", stackOptions.jvmProfile().name());
        config.put("jvm_options", stackOptions.jvmProfile().options());
        config.put("jvm_environment", stackOptions.jvmProfile().environment());
        config.put("spring_profiles_added", stackOptions.extraProfiles());
        config.put("git_commit", git(root, "rev-parse", "HEAD"));
        config.put("git_branch", git(root, "rev-parse", "--abbrev-ref", "HEAD"));
        config.put("load_before", loadAverage());
        config.put("cores", Runtime.getRuntime().availableProcessors());
        config.put("limits", "chat-service-bench.yml: posting-limits.concurrent-replies=0 and messages-per-minute=0 (off); "
                + "llm-service-bench.yml: egress.max-connections-per-host=3000 (default 1000: one per open stream, the "
                + "open-streams phase holds 1,000 and samples beside them); llm-service's per-user limits at their "
                + "defaults (200,000 system-key tokens per user per day); the gateway has no rate limit; Keycloak access "
                + "tokens live 1 h (set by the bench, granted again after 40 min)");
        config.put("jfr", options.jfr() ? "JFR.start settings=profile per service JVM during throughput and "
                + "open-streams; " + FlightRecordings.STACK_DEPTH_OPTION : "off");
        config.put("nmt", options.nmt() ? NativeMemory.OPTION : "off");
        results.put("config", config);
        summary.add("# ./dev bench — " + results.get("config").toString().length() + "");
        summary.set(0, "# ./dev bench " + (options.quick() ? "--quick " : "") + "at " + config.get("git_commit")
                + " (" + config.get("git_branch") + ")");
        summary.add("");
        summary.add("Load before: " + config.get("load_before") + " on " + config.get("cores") + " cores. JVM profile "
                + config.get("jvm_profile") + ". " + config.get("limits") + ".");
        if (options.jfr() || options.nmt()) {
            summary.add("");
            summary.add("Recorded: JFR " + config.get("jfr") + "; NMT " + config.get("nmt") + " (their overhead is in"
                    + " every figure of this run).");
        }
        summary.add("");
    }

    private Process startSimulator(Path benchDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JvmProfile.PRODUCTION.options(256));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SimulatorMain.class.getName(),
                "--port", Integer.toString(SIMULATOR_PORT), "--record-last", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(JvmProfile.PRODUCTION.environment());
        Process process = builder.start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line = reader.readLine();
        if (line == null || !line.startsWith(SimulatorMain.READY_LINE)) {
            process.destroy();
            throw new IllegalStateException("the simulator did not start: " + line);
        }
        Thread.ofVirtual().start(() -> reader.lines().forEach(ignored -> { }));
        return process;
    }

    /** Bench users by one partialImport call; tokens by the password grant (lifetime raised to 1 h first). */
    private List<String> users(int count) throws Exception {
        log("creating " + count + " users");
        String admin = KeycloakTokens.passwordGrant(stack.keycloakUrl() + "/realms/master", "admin-cli", "admin", "admin");
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(Map.of("username", "bench" + i, "enabled", true, "email", "bench" + i + "@example.com",
                    "emailVerified", true, "firstName", "Bench", "lastName", "User" + i,
                    "realmRoles", List.of("user", "default-roles-t3chat"),
                    "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        }
        // first: the master realm's admin token lives 60 s, and importing hashes every password
        adminCall(admin, "PUT", "/admin/realms/t3chat", Map.of("accessTokenLifespan", 3600));
        adminCall(admin, "POST", "/admin/realms/t3chat/partialImport",
                Map.of("ifResourceExists", "SKIP", "users", users));
        return grants(count);
    }

    /** An access token for each of {@code bench0…bench<count-1>}, by the password grant. */
    private List<String> grants(int count) throws Exception {
        tokensAt = System.nanoTime();
        List<Future<String>> grants = new ArrayList<>();
        try (ExecutorService four = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < count; i++) {
                String name = "bench" + i;
                grants.add(four.submit(() -> stack.accessToken(name, PASSWORD)));
            }
        }
        List<String> result = new ArrayList<>();
        for (Future<String> grant : grants) {
            result.add(grant.get());
        }
        return result;
    }

    /** Tokens live 1 h: a run longer than 40 min grants them again before its next phase. */
    private void freshTokens() throws Exception {
        if (System.nanoTime() - tokensAt > java.util.concurrent.TimeUnit.MINUTES.toNanos(40)) {
            log("granting the users' tokens again (40 min old)");
            tokens = grants(tokens.size());
        }
    }

    private void adminCall(String token, String method, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.keycloakUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(ChatApi.json(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
    }

    private void warmUp() throws Exception {
        log("warm-up: " + options.warmUp() + " messages, then " + options.quietSeconds() + " s quiet");
        List<UUID> chats = chats(options.warmUp(), i -> tokens.get(i % tokens.size()));
        List<ChatApi.Reply> replies = parallel(options.warmUp(), 10, i -> api.post(tokens.get(i % tokens.size()),
                chats.get(i), "warm-up " + i, "openai/" + TTFT_MODEL, false));
        List<ChatApi.Reply> failed = replies.stream().filter(reply -> !reply.ok()).toList();
        if (!failed.isEmpty()) {
            log("warm-up: " + failed.size() + " of " + replies.size() + " replies failed, e.g. reply "
                    + failed.getFirst().replyId() + ": " + failed.getFirst().error());
            summary.add("Warm-up: " + failed.size() + " of " + replies.size() + " replies failed (first: "
                    + failed.getFirst().error() + ").");
            summary.add("");
        }
        for (int i = 0; i < 50; i++) {
            direct.reply(TTFT_MODEL, "warm-up", false);
        }
        Thread.sleep(options.quietSeconds() * 1000L);
    }

    // ------------------------------------------------------------------ phases

    private void ttft() throws Exception {
        summary.add("## Time to first token (ms; system = through the gateway, direct = straight to the simulator)");
        summary.add("");
        summary.add("| figure | system p50 / p95 / p99 | direct p50 / p95 / p99 | tax p50 / p95 / p99 | ratio p50 | failed | mode |");
        summary.add("|---|---|---|---|---|---|---|");
        ttftFigure("TTFT 1 user", 1, options.sequential());
        ttftFigure("TTFT 50 users at once", 50, options.rounds50());
        ttftFigure("TTFT 200 users at once", 200, options.rounds200());
        summary.add("");
    }

    /** {@code users} posts released together, {@code rounds} times 2 s apart (1 user: {@code rounds} in a row). */
    private void ttftFigure(String name, int users, int rounds) throws Exception {
        Latencies system = new Latencies();
        Latencies directTtft = new Latencies();
        Latencies post = new Latencies();
        int failed = 0;
        Set<String> modes = ConcurrentHashMap.newKeySet();
        List<String> errors = new ArrayList<>();
        int perRound = users == 1 ? 1 : users;
        int total = users == 1 ? rounds : rounds;
        for (int round = 0; round < total; round++) {
            int offset = users == 1 ? round : round * users;
            List<UUID> chats = chats(perRound, i -> token(offset + i));
            List<ChatApi.Reply> replies = atOnce(perRound, i -> api.post(token(offset + i), chats.get(i),
                    "Hello " + i, "openai/" + TTFT_MODEL, false));
            for (ChatApi.Reply reply : replies) {
                if (reply.ok()) {
                    system.recordNanos(reply.ttftNanos());
                    post.recordNanos(reply.postNanos());
                    modes.add(reply.mode());
                } else {
                    failed++;
                    if (errors.size() < 5) {
                        errors.add(reply.error());
                    }
                }
            }
            for (ChatApi.Reply reply : atOnce(perRound, i -> direct.reply(TTFT_MODEL, "Hello " + i, false))) {
                if (reply.ok()) {
                    directTtft.recordNanos(reply.ttftNanos());
                }
            }
            if (users > 1) {
                Thread.sleep(2000);
            }
        }
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("system", system.toMap());
        figure.put("direct", directTtft.toMap());
        figure.put("post_answer", post.toMap());
        figure.put("failed", failed);
        figure.put("errors", errors);
        figure.put("modes", modes);
        results.put(name, figure);
        summary.add("| " + name + " | " + triple(system) + " | " + triple(directTtft) + " | " + tax(system, directTtft)
                + " | " + ratio(system.ms(50), directTtft.ms(50)) + " | " + failed + " | " + String.join(",", modes) + " |");
    }

    private void gateway() throws Exception {
        int clients = 50;
        int each = options.gatewayRequests();
        String token = tokens.getFirst();
        UUID chat = api.createChat(token, "openai/" + TTFT_MODEL);
        ChatApi viaGateway = api;
        ChatApi straight = new ChatApi(http, stack.serviceUrl("chat-service"));
        Latencies system = new Latencies();
        Latencies directGet = new Latencies();
        atOnce(clients, c -> {
            for (int i = 0; i < each; i++) {
                long g = viaGateway.getChatNanos(token, chat);
                long d = straight.getChatNanos(token, chat);
                if (g > 0) {
                    system.recordNanos(g);
                }
                if (d > 0) {
                    directGet.recordNanos(d);
                }
            }
            return null;
        });
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("via_gateway", system.toMap());
        figure.put("direct_chat_service", directGet.toMap());
        results.put("gateway overhead", figure);
        summary.add("## Gateway overhead: GET /api/chats/{id}, 50 clients × " + each + " (ms)");
        summary.add("");
        summary.add("| via gateway p50 / p95 / p99 | straight to chat-service | overhead p50 / p95 / p99 |");
        summary.add("|---|---|---|");
        summary.add("| " + triple(system) + " | " + triple(directGet) + " | " + tax(system, directGet) + " |");
        summary.add("");
    }

    /**
     * Kafka records per output token: {@code sim-len300-rate40} replies (300 tokens at 40/s), one at a time and then
     * at once; every record keyed by the reply on {@code llm.replies.v1} counts (started, deltas, completion).
     */
    private void records() throws Exception {
        int sequential = options.quick() ? 5 : 20;
        int together = options.quick() ? 20 : 50;
        summary.add("## Kafka records per output token (" + RECORDS_MODEL + ": 300 tokens at 40 tokens/s)");
        summary.add("");
        summary.add("| replies | records | output tokens | records per token |");
        summary.add("|---|---|---|---|");
        Map<String, Object> figure = new LinkedHashMap<>();
        try (RecordCounter counter = new RecordCounter("127.0.0.1:" + com.t3chat.devstack.layout.LocalPorts.KAFKA)) {
            List<UUID> chats = chats(sequential + together, this::token);
            List<ChatApi.Reply> replies = new ArrayList<>();
            for (int i = 0; i < sequential; i++) {
                replies.add(api.post(token(i), chats.get(i), "Tell me a story", "openai/" + RECORDS_MODEL, false));
            }
            figure.put("one at a time", recordsFigure(counter, replies, sequential + " one at a time"));
            List<ChatApi.Reply> atOnce = atOnce(together, i -> api.post(token(sequential + i),
                    chats.get(sequential + i), "Tell me a story", "openai/" + RECORDS_MODEL, false));
            figure.put("at once", recordsFigure(counter, atOnce, together + " at once"));
        }
        results.put("records per token", figure);
        summary.add("");
    }

    private Map<String, Object> recordsFigure(RecordCounter counter, List<ChatApi.Reply> replies, String label)
            throws InterruptedException {
        Thread.sleep(2000); // the last records reach the counter
        long records = 0;
        long tokens = 0;
        int counted = 0;
        for (ChatApi.Reply reply : replies) {
            long out = reply.replyId() == null ? -1 : counter.outputTokensOf(reply.replyId());
            if (reply.completed() && out > 0) {
                records += counter.recordsOf(reply.replyId());
                tokens += out;
                counted++;
            }
        }
        double perToken = tokens == 0 ? Double.NaN : (double) records / tokens;
        summary.add("| " + label + " (" + counted + " completed) | " + records + " | " + tokens + " | "
                + (Double.isNaN(perToken) ? "–" : String.format("%.2f", perToken)) + " |");
        return Map.of("replies", counted, "records", records, "output_tokens", tokens, "records_per_token",
                Double.isNaN(perToken) ? -1 : perToken);
    }

    /**
     * A long chat against a short one (5,000 and 50 messages; quick 1,000 and 50), both seeded through the API
     * with a 5-token reply: the first {@code GET …/messages} a browser makes (time and bytes), the POST to its
     * first answer and the time to first token, samples alternating between the two chats.
     */
    private void longChat() throws Exception {
        int longMessages = options.quick() ? 1_000 : 5_000;
        int shortMessages = 50;
        int samples = options.quick() ? 20 : 50;
        String token = tokens.get(1 % tokens.size());
        // the seeding's prompts grow with the chat (millions of input tokens in all): on the user's own key, which
        // no system-key budget limits, as a user with a chat this long would have
        api.saveOwnKey(token, "openai", "sk-bench-own-key-0001");
        UUID shortChat = api.createChat(token, "openai/" + SEED_MODEL);
        UUID longChat = api.createChat(token, "openai/" + SEED_MODEL);
        log("seeding a chat of " + longMessages + " messages and one of " + shortMessages);
        seed(token, shortChat, shortMessages);
        seed(token, longChat, longMessages);
        Latencies[] open = {new Latencies(), new Latencies()};
        Latencies[] post = {new Latencies(), new Latencies()};
        Latencies[] first = {new Latencies(), new Latencies()};
        long[] bytes = new long[2];
        String shape = "?";
        for (int i = 0; i < samples * 2; i++) {
            int which = i % 2; // 0 short, 1 long
            UUID chat = which == 0 ? shortChat : longChat;
            ChatApi.Messages page = api.firstMessages(token, chat);
            open[which].recordNanos(page.nanos());
            bytes[which] = page.bytes();
            shape = page.shape();
            ChatApi.Reply reply = api.post(token, chat, "One more", "openai/" + TTFT_MODEL, false);
            if (reply.ok()) {
                post[which].recordNanos(reply.postNanos());
                first[which].recordNanos(reply.ttftNanos());
            }
        }
        summary.add("## A " + longMessages + "-message chat against a " + shortMessages + "-message one (ms; "
                + samples + " samples each, alternating; first GET answers a " + shape + ")");
        summary.add("");
        summary.add("| figure | " + shortMessages + " messages p50 / p95 / p99 | " + longMessages
                + " messages p50 / p95 / p99 | long / short p50 |");
        summary.add("|---|---|---|---|");
        String[] names = {"open (first GET …/messages)", "POST to its first answer", "time to first token"};
        Latencies[][] all = {open, post, first};
        Map<String, Object> figure = new LinkedHashMap<>();
        for (int f = 0; f < names.length; f++) {
            summary.add("| " + names[f] + " | " + triple(all[f][0]) + " | " + triple(all[f][1]) + " | "
                    + ratio(all[f][1].ms(50), all[f][0].ms(50)) + " |");
            figure.put(names[f], Map.of("short", all[f][0].toMap(), "long", all[f][1].toMap()));
        }
        summary.add("| bytes of the first GET | " + bytes[0] + " | " + bytes[1] + " | "
                + ratio(bytes[1], bytes[0]) + " |");
        summary.add("");
        figure.put("bytes", Map.of("short", bytes[0], "long", bytes[1]));
        figure.put("messages", Map.of("short", shortMessages, "long", longMessages));
        results.put("long chat", figure);
    }

    /** {@code messages} messages (half questions, half replies) posted one after the other. */
    private void seed(String token, UUID chat, int messages) {
        for (int i = 0; i < messages / 2; i++) {
            ChatApi.Reply reply = api.post(token, chat, "Seed " + i, "openai/" + SEED_MODEL, false);
            if (!reply.ok()) {
                throw new IllegalStateException("seeding failed at message " + (2 * i) + ": " + reply.error());
            }
        }
    }

    /**
     * Open-loop steps of a fixed message rate: every {@code 1/rate} a message is posted (a chat whose previous reply
     * is done, a new user per few messages), whatever the system's answers, for {@code stepSeconds}. Per step:
     * offered and completed messages, TTFT, and the CPU every process used divided by the messages completed.
     * Sustained = the highest step where ≥ 98 % completed within the step plus 10 s and TTFT p99 ≤ 2 s.
     */
    private void throughput() throws Exception {
        int[] rates = options.quick() ? new int[] {20, 40, 80} : new int[] {25, 50, 100, 150, 200, 300};
        int seconds = options.quick() ? 10 : 30;
        summary.add("## Messages per second (open loop, " + THROUGHPUT_MODEL + ", " + seconds + " s per step)");
        summary.add("");
        summary.add("| offered msg/s | completed | TTFT p50 / p99 (ms) | CPU ms per message, all processes | largest shares |");
        summary.add("|---|---|---|---|---|");
        int chatsNeeded = rates[rates.length - 1] * 3; // a reply of 20 tokens at 200/s takes ~0.1 s; 3 s of slack
        List<UUID> chats = chats(chatsNeeded, this::token);
        java.util.concurrent.BlockingQueue<Integer> free = new java.util.concurrent.LinkedBlockingQueue<>();
        for (int i = 0; i < chats.size(); i++) {
            free.add(i);
        }
        Set<String> trees = ProcessCpu.WITH_CHILDREN;
        int sustained = 0;
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int rate : rates) {
            Latencies ttft = new Latencies();
            java.util.concurrent.atomic.AtomicInteger completed = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
            int offered = rate * seconds;
            int skipped = 0;
            List<Future<?>> inFlight = new ArrayList<>();
            Map<String, Double> before = ProcessCpu.snapshot(pids, trees);
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            for (int i = 0; i < offered; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                Integer chat = free.poll();
                if (chat == null) {
                    skipped++; // every chat still has a reply running: the system is behind
                    continue;
                }
                String token = token(chat);
                inFlight.add(threads.submit(() -> {
                    try {
                        ChatApi.Reply reply = api.post(token, chats.get(chat), "Hello", "openai/" + THROUGHPUT_MODEL,
                                false);
                        if (reply.ok() && reply.completed()) {
                            ttft.recordNanos(reply.ttftNanos());
                            completed.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } finally {
                        free.add(chat);
                    }
                }));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            for (Future<?> f : inFlight) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    break;
                }
            }
            Map<String, Double> after = ProcessCpu.snapshot(pids, trees);
            int done = completed.get();
            Map<String, Double> perMessage = new LinkedHashMap<>();
            double total = 0;
            for (String part : after.keySet()) {
                double used = after.get(part) - before.getOrDefault(part, 0.0);
                double each = done == 0 ? Double.NaN : used / done;
                perMessage.put(part, each);
                if (!"harness".equals(part)) {
                    total += each;
                }
            }
            boolean held = done >= 0.98 * offered && ttft.ms(99) <= 2000;
            if (held) {
                sustained = rate;
            }
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("offered_per_s", rate);
            step.put("offered", offered);
            step.put("completed", done);
            step.put("failed", failed.get());
            step.put("not_sent_no_free_chat", skipped);
            step.put("ttft", ttft.toMap());
            step.put("cpu_ms_per_message", perMessage);
            step.put("cpu_ms_per_message_total", total);
            steps.add(step);
            String shares = perMessage.entrySet().stream().filter(e -> !"harness".equals(e.getKey()))
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(4)
                    .map(e -> e.getKey() + " " + fmt(e.getValue())).reduce((a, b) -> a + ", " + b).orElse("–");
            summary.add("| " + rate + " | " + done + " / " + offered + " | " + fmt(ttft.ms(50)) + " / "
                    + fmt(ttft.ms(99)) + " | " + fmt(total) + " | " + shares + " |");
            log("step " + rate + "/s: " + done + "/" + offered + " completed, TTFT p99 " + fmt(ttft.ms(99))
                    + " ms, CPU " + fmt(total) + " ms/message");
            if (!held && done < 0.5 * offered) {
                break; // far past what it holds: the next steps would only measure a queue
            }
            Thread.sleep(5000);
        }
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("steps", steps);
        figure.put("sustained_per_s", sustained);
        results.put("throughput", figure);
        summary.add("");
        summary.add("Sustained: " + sustained + " messages/s (≥ 98 % completed, TTFT p99 ≤ 2 s). CPU from /proc, per "
                + "process (PostgreSQL and Keycloak with their child processes), divided by the messages completed.");
        summary.add("");
    }

    /**
     * 1,000 (quick 200) long streams open at once through the system, TTFT samples of other users beside them; then
     * the same straight to the simulator (see {@link OpenStreamsPhase}).
     */
    private void openStreams() throws Exception {
        OpenStreamsPhase phase = new OpenStreamsPhase(threads, pids, this::rss, options.openStreams(),
                options.openSamples(), 100);
        int streams = phase.streams();
        log("creating " + (streams + phase.samples()) + " chats");
        List<UUID> streamChats = chats(streams, this::token);
        List<UUID> sampleChats = chats(phase.samples(), i -> token(streams + i));
        ChatApi streamsApi = new ChatApi(streamsHttp, stack.gatewayUrl());
        DirectCalls streamsDirect = new DirectCalls(streamsHttp, simulatorUrl);
        String model = "openai/" + OpenStreamsPhase.STREAM_MODEL;
        log("system: " + streams + " streams at " + phase.perSecond() + "/s, then " + phase.samples() + " samples");
        List<OpenStreamsPhase.Run> system = new ArrayList<>();
        profiled("open-streams", () -> system.add(phase.run(
                (i, progress) -> streamsApi.post(token(i), streamChats.get(i), "Tell me a long story " + i, model,
                        progress),
                j -> api.post(token(streams + j), sampleChats.get(j), "Hello " + j, "openai/" + TTFT_MODEL, false))));
        Thread.sleep(5000); // the system's last writes settle, so that they are not counted in the direct run's CPU
        log("direct: " + streams + " streams to the simulator at " + phase.perSecond() + "/s, then "
                + phase.samples() + " samples");
        OpenStreamsPhase.Run direct = phase.run(
                (i, progress) -> streamsDirect.reply(OpenStreamsPhase.STREAM_MODEL, "Tell me a long story " + i,
                        progress),
                j -> this.direct.reply(TTFT_MODEL, "Hello " + j, false));
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("streams", streams);
        figure.put("opened_per_s", phase.perSecond());
        figure.put("stream_model", OpenStreamsPhase.STREAM_MODEL);
        figure.put("sample_model", TTFT_MODEL);
        figure.put("system", system.getFirst().toMap());
        figure.put("direct", direct.toMap());
        results.put("open streams", figure);
        summary.addAll(phase.summary(system.getFirst(), direct, TTFT_MODEL));
        log("open streams: system " + system.getFirst().finished() + "/" + streams + " finished, "
                + system.getFirst().stalled() + " stalled; direct " + direct.finished() + "/" + streams + " finished");
    }

    /** A phase's body. */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** With {@code --jfr}: a recording of every service JVM while {@code body} runs, summarized at the end. */
    private void profiled(String phase, Body body) throws Exception {
        if (recordings == null) {
            body.run();
            return;
        }
        recordings.start(phase);
        try {
            body.run();
        } finally {
            Map<String, Path> files = recordings.stop(phase);
            Map<String, CpuSamples> samples = new LinkedHashMap<>();
            Map<String, Object> figure = new LinkedHashMap<>();
            for (Map.Entry<String, Path> file : files.entrySet()) {
                try {
                    CpuSamples read = CpuSamples.read(file.getValue(), 12);
                    samples.put(file.getKey(), read);
                    Map<String, Object> entry = new LinkedHashMap<>(read.toMap());
                    entry.put("file", file.getValue().getFileName().toString());
                    figure.put(file.getKey(), entry);
                } catch (IOException | RuntimeException e) {
                    log("reading " + file.getValue() + " failed: " + e);
                }
            }
            jfr.put(phase, figure);
            jfrSummary.addAll(FlightRecordings.summary(phase, samples));
        }
    }

    private void rssSummary(Map<String, Long> idle, Map<String, Long> after) {
        summary.add("## Resident memory (MiB): idle after warm-up, peak during the phases, " + options.afterSeconds()
                + " s after");
        summary.add("");
        summary.add("| process | idle | peak | after | after / idle |");
        summary.add("|---|---|---|---|---|");
        for (String part : idle.keySet()) {
            long i = idle.get(part);
            long p = peakRssKib.getOrDefault(part, 0L);
            long a = after.getOrDefault(part, 0L);
            summary.add("| " + part + " | " + i / 1024 + " | " + p / 1024 + " | " + a / 1024 + " | "
                    + (i == 0 ? "–" : String.format("%.2f", (double) a / i)) + " |");
        }
        summary.add("");
    }

    // ------------------------------------------------------------------ helpers

    private String token(int i) {
        return tokens.get(i % tokens.size());
    }

    private List<UUID> chats(int count, IntFunction<String> tokenOf) throws Exception {
        return parallel(count, 20, i -> api.createChat(tokenOf.apply(i), "openai/" + TTFT_MODEL));
    }

    /** {@code count} calls released by one barrier. */
    private <T> List<T> atOnce(int count, IntFunction<T> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return call.apply(index);
            }));
        }
        ready.await();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private <T> List<T> parallel(int count, int concurrency, IntFunction<T> call) throws Exception {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(concurrency);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(threads.submit(() -> {
                permits.acquire();
                try {
                    return call.apply(index);
                } finally {
                    permits.release();
                }
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }

    private Map<String, Long> rss() {
        Map<String, Long> rss = new LinkedHashMap<>();
        // PostgreSQL: postmaster + backends' private memory; Keycloak: kc.sh and its JVM
        pids.forEach((part, pid) -> rss.put(part, "postgres".equals(part) ? ProcessMemory.forkedTreeRssKib(pid)
                : "keycloak".equals(part) ? ProcessMemory.treeRssKib(pid) : ProcessMemory.rssKib(pid)));
        rss.put("harness", ProcessMemory.rssKib(ProcessHandle.current().pid()));
        return rss;
    }

    private void samplePeaks() {
        while (sampling) {
            rss().forEach((part, kib) -> peakRssKib.merge(part, kib, Math::max));
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String git(Path root, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor();
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** What the harness is doing, on its console (the summary is the result). */
    static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }

    private static void copyRecursively(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
