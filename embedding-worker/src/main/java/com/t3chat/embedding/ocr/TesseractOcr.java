package com.t3chat.embedding.ocr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the text of an image with the Tesseract command line in a child process (ADR 0020): a crash or a runaway
 * page cannot take the worker with it, and a page that takes too long, or a job that is cancelled, kills it.
 * {@code OMP_THREAD_LIMIT=1}: on two cores Tesseract's OpenMP threads make a page about six times slower.
 * Whether Tesseract (and its language data) is installed is checked once, at the first use.
 */
@Component
public class TesseractOcr {

    private static final Logger log = LoggerFactory.getLogger(TesseractOcr.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private final OcrProperties properties;
    private volatile Boolean available;

    public TesseractOcr(OcrProperties properties) {
        this.properties = properties;
    }

    /** Whether Tesseract runs here with the configured language. */
    public boolean available() {
        Boolean known = available;
        if (known == null) {
            known = probe();
            available = known;
        }
        return known;
    }

    /**
     * @param image a PNG, JPEG, GIF, WebP, TIFF or BMP file
     * @param dpi   the image's resolution when it is known (a rendered PDF page), else 0 (Tesseract estimates it)
     * @param limit the longest the page may take (the job's remaining time, when shorter than the page timeout)
     * @return the text read, possibly empty
     * @throws OcrTimeoutException when the page took longer than allowed (the process was killed)
     * @throws CancellationException when the calling thread was interrupted (the job was cancelled)
     */
    public String read(Path image, int dpi, Duration limit) {
        Duration timeout = limit.compareTo(properties.pageTimeout()) < 0 ? limit : properties.pageTimeout();
        Path out = image.resolveSibling(image.getFileName() + ".txt");
        Path err = image.resolveSibling(image.getFileName() + ".err");
        List<String> command = new ArrayList<>(List.of(properties.command(), image.toString(), "stdout",
                "-l", properties.language(), "--psm", "3"));
        if (dpi > 0) {
            command.addAll(List.of("--dpi", Integer.toString(dpi)));
        }
        var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        Process process = null;
        try {
            process = builder.start();
            if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                throw new OcrTimeoutException(timeout);
            }
            if (process.exitValue() != 0) {
                log.warn("Tesseract exited with {} on {}: {}", process.exitValue(), image.getFileName(), tail(err));
                return "";
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("OCR interrupted");
        } catch (IOException e) {
            throw new IllegalStateException("Tesseract could not be run: " + e.getMessage(), e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private boolean probe() {
        try {
            Process process = new ProcessBuilder(properties.command(), "--list-langs").redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readNBytes(64 * 1024);
            if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log.warn("OCR is off: '{} --list-langs' did not answer", properties.command());
                return false;
            }
            List<String> languages = new String(output, StandardCharsets.UTF_8).lines().map(String::strip).toList();
            if (process.exitValue() != 0 || !languages.contains(properties.language())) {
                log.warn("OCR is off: Tesseract has no '{}' language data (install tesseract-ocr-{})",
                        properties.language(), properties.language());
                return false;
            }
            log.info("OCR by Tesseract ({}), language {}", properties.command(), properties.language());
            return true;
        } catch (IOException e) {
            log.warn("OCR is off: Tesseract is not installed ('{}' cannot be run: {}); install tesseract-ocr and "
                    + "tesseract-ocr-eng", properties.command(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("OCR probe interrupted");
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.length() > 500 ? text.substring(text.length() - 500) : text;
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover in the job's temp folder, which is deleted with it
        }
    }

    /** A page took longer than allowed. */
    public static class OcrTimeoutException extends RuntimeException {

        private final Duration timeout;

        OcrTimeoutException(Duration timeout) {
            super("OCR of a page took longer than " + timeout);
            this.timeout = timeout;
        }

        public Duration timeout() {
            return timeout;
        }
    }
}
