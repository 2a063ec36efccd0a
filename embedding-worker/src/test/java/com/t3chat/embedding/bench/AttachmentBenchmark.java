package com.t3chat.embedding.bench;

import com.t3chat.contracts.IntegrationEvent;
import com.t3chat.contracts.attachment.AttachmentUploaded;
import com.t3chat.contracts.embedding.AttachmentProcessed;
import com.t3chat.contracts.embedding.AttachmentProcessing;
import com.t3chat.devstack.process.PortProbe;
import com.t3chat.devstack.process.ProcessMemory;
import com.t3chat.devstack.test.TestInfra;
import com.t3chat.embedding.AttachmentTopic;
import com.t3chat.embedding.TestFiles;
import com.t3chat.embedding.chunk.Chunker;
import com.t3chat.embedding.chunk.ChunkingProperties;
import com.t3chat.embedding.chunk.Embedder;
import com.t3chat.embedding.chunk.TextChunk;
import com.t3chat.embedding.document.PageText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * Not a test: figures for the closing note of issue 12. Starts the worker as its own JVM with production settings
 * (the packaged jar, full JIT, G1, {@code -Xmx512m}; {@code -Dbench.jvm="…"} for others) against TestInfra's PostgreSQL, Kafka and S3Proxy, feeds it
 * files the way attachment-service does, and prints seconds per page for text PDFs and for OCR pages, chunks embedded
 * per second, and the worker's peak RSS (its own and with its Tesseract children) while a 300-page PDF is processed —
 * each beside the same work done by a direct call in this JVM (PDFBox, the tesseract CLI, the embedding model).
 *
 * <pre>./mvnw -q -pl embedding-worker -am install -DskipTests && ./mvnw -pl embedding-worker -Pbench verify</pre>
 */
class AttachmentBenchmark {

    private static final String[] WORDS = ("the of harbour committee revenue bridge garden lighthouse keeper weather "
            + "evening report quarterly region north south budget member council meeting minutes river valley school "
            + "library museum railway station market square winter summer festival road repair water supply energy "
            + "price growth survey result public transport housing plan").split(" ");
    private static final int TEXT_PAGES = 300;
    private static final int SCAN_PAGES = 10;
    /** The worker's JVM options: production-like by default; {@code -Dbench.jvm="…"} to try others. */
    private static final String JVM_OPTIONS = System.getProperty("bench.jvm", "-Xms256m -Xmx512m -XX:+UseG1GC");

    private final TestInfra infra = TestInfra.shared();

    @Test
    void figures() throws Exception {
        Path work = Files.createTempDirectory("attachment-bench");
        byte[] textPdf = TestFiles.textPdf(pages(TEXT_PAGES, 40));
        byte[] scanPdf = TestFiles.scannedPdf(pages(SCAN_PAGES, 14));
        String longText = String.join("\n\n", pages(200, 40).stream().map(p -> String.join(" ", p)).toList());

        Process worker = startWorker(work);
        var peakTree = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (var topic = new AttachmentTopic(infra)) {
            // warm-up: the model, the JIT, the first OCR and the first PDF
            await(topic, topic.upload("bench", null, "warm.txt", "text/plain", longText.substring(0, 20_000)
                    .getBytes(StandardCharsets.UTF_8)));
            await(topic, topic.upload("bench", null, "warm.pdf", "application/pdf", TestFiles.scannedPdf(pages(1, 14))));
            await(topic, topic.upload("bench", null, "warm2.pdf", "application/pdf", TestFiles.textPdf(pages(20, 40))));

            long rssBefore = ProcessMemory.rssKib(worker.pid());
            sampler.scheduleAtFixedRate(() -> peakTree.accumulateAndGet(ProcessMemory.treeRssKib(worker.pid()),
                    Math::max), 0, 50, TimeUnit.MILLISECONDS);
            // each direct call right before the worker does the same work, so that both see about the same load
            double directTextPage = directPdfText(textPdf) / TEXT_PAGES;
            Timed text = await(topic, topic.upload("bench", null, "300.pdf", "application/pdf", textPdf));
            long peakOwn = hwmKib(worker.pid());
            long peakWithChildren = peakTree.get();
            double directOcrPage = directOcr(work);
            Timed scan = await(topic, topic.upload("bench", null, "scan.pdf", "application/pdf", scanPdf));
            double directChunksPerSecond = directEmbedding(longText);
            Timed plain = await(topic, topic.upload("bench", null, "long.txt", "text/plain",
                    longText.getBytes(StandardCharsets.UTF_8)));

            System.out.printf("%n==== attachment pipeline (worker JVM: %s; load average %.1f on %d cores) ====%n",
                    JVM_OPTIONS, loadAverage(), Runtime.getRuntime().availableProcessors());
            System.out.printf("text PDF, %d pages, %d chunks: %.3f s/page end to end, of which reading the text %.3f "
                    + "s/page (direct PDFBox text extraction: %.4f s/page, ratio %.1f)%n", TEXT_PAGES,
                    text.result.chunks(), text.seconds / TEXT_PAGES, text.extracting / TEXT_PAGES, directTextPage,
                    text.extracting / TEXT_PAGES / directTextPage);
            System.out.printf("scanned PDF, %d OCR pages: %.2f s/page end to end (direct tesseract CLI on one 300-dpi "
                    + "page: %.2f s, ratio %.2f)%n", scan.result.ocrPages(), scan.seconds / SCAN_PAGES, directOcrPage,
                    scan.seconds / SCAN_PAGES / directOcrPage);
            System.out.printf("text file, %d chunks: %.1f chunks/s embedded and stored (direct embedding in this JVM: "
                    + "%.1f chunks/s, ratio %.2f)%n", plain.result.chunks(), plain.result.chunks() / plain.seconds,
                    directChunksPerSecond, plain.result.chunks() / plain.seconds / directChunksPerSecond);
            System.out.printf("worker RSS: %d MB before the 300-page PDF; peak %d MB (VmHWM, whole run); peak %d MB "
                    + "with its child processes while the 300-page PDF was processed%n%n", rssBefore / 1024,
                    peakOwn / 1024, peakWithChildren / 1024);
        } finally {
            sampler.shutdownNow();
            worker.destroy();
            if (!worker.waitFor(20, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }

    private Process startWorker(Path work) throws IOException {
        Path jar = Path.of("target", "embedding-worker.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the jar first: ./mvnw -pl embedding-worker package -DskipTests");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(JVM_OPTIONS.split(" ")));
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
                "--server.port=" + PortProbe.freePort(),
                "--spring.cloud.config.enabled=false",
                "--spring.config.import=file:../config-repo/application.yml,file:../config-repo/embedding-worker.yml",
                "--spring.r2dbc.url=" + infra.r2dbcUrl("embedding"),
                "--spring.r2dbc.username=" + infra.databaseUser(),
                "--spring.flyway.url=" + infra.jdbcUrl("embedding"),
                "--spring.flyway.user=" + infra.databaseUser(),
                "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--t3chat.object-store.endpoint=" + infra.s3Endpoint(),
                "--t3chat.object-store.access-key=" + infra.s3AccessKey(),
                "--t3chat.object-store.secret-key=" + infra.s3SecretKey(),
                "--t3chat.object-store.bucket=" + AttachmentTopic.BUCKET,
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + infra.jwt().issuerUri(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + infra.jwt().jwkSetUri()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("worker.log").toFile()).start();
    }

    /**
     * The outcome, the seconds from the job's first progress event to it, and those until its first "embedding"
     * progress (the worker's own clock).
     */
    private static Timed await(AttachmentTopic topic, AttachmentUploaded upload) {
        AttachmentProcessed processed = topic.awaitProcessed(upload.attachmentId(), Duration.ofMinutes(15));
        List<AttachmentProcessing> progress = topic.seen(upload.attachmentId()).stream()
                .filter(AttachmentProcessing.class::isInstance).map(AttachmentProcessing.class::cast).toList();
        Instant start = progress.getFirst().occurredAt();
        Instant embedding = progress.stream().filter(p -> "embedding".equals(p.stage()))
                .map(IntegrationEvent::occurredAt).findFirst().orElse(processed.occurredAt());
        return new Timed(processed, seconds(start, processed.occurredAt()), seconds(start, embedding));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double directPdfText(byte[] pdf) throws IOException {
        long start = System.nanoTime();
        try (var document = Loader.loadPDF(pdf)) {
            var stripper = new PDFTextStripper();
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                stripper.getText(document);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double directOcr(Path work) throws Exception {
        Path png = work.resolve("page.png");
        ImageIO.write(TestFiles.render(pages(1, 14).getFirst(), 300), "png", png.toFile());
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            var builder = new ProcessBuilder("tesseract", png.toString(), "stdout", "-l", "eng", "--psm", "3",
                    "--dpi", "300").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("OMP_THREAD_LIMIT", "1");
            builder.start().waitFor();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    private static double directEmbedding(String text) throws Exception {
        List<TextChunk> chunks = newChunker().split(List.of(new PageText(null, text, false)));
        var constructor = Embedder.class.getDeclaredConstructor();
        constructor.setAccessible(true);
        Embedder embedder = constructor.newInstance();
        embedder.embed(chunks.subList(0, 32)); // warm-up
        long start = System.nanoTime();
        for (int from = 0; from < chunks.size(); from += 32) {
            embedder.embed(chunks.subList(from, Math.min(chunks.size(), from + 32)));
        }
        return chunks.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static Chunker newChunker() throws Exception {
        var constructor = Chunker.class.getDeclaredConstructor(ChunkingProperties.class);
        constructor.setAccessible(true);
        return constructor.newInstance(new ChunkingProperties(450, 50, 32));
    }

    /** {@code count} pages of {@code lines} lines of about 12 words each, reproducible. */
    private static List<List<String>> pages(int count, int lines) {
        var random = new Random(42);
        List<List<String>> pages = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<String> page = new ArrayList<>();
            for (int l = 0; l < lines; l++) {
                var line = new StringBuilder(p == 0 && l == 0 ? "Page" : WORDS[random.nextInt(WORDS.length)]);
                for (int w = 0; w < 11; w++) {
                    line.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
                }
                page.add(line.append('.').toString());
            }
            pages.add(page);
        }
        return pages;
    }

    private static long hwmKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        return 0;
    }

    private record Timed(AttachmentProcessed result, double seconds, double extracting) {
    }
}
