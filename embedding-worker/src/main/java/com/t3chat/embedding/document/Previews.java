package com.t3chat.embedding.document;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;

/**
 * Downscaled images of a file (longest side at most {@link #MAX_SIDE}): JPEG for JPEG photos, PNG for everything else
 * (screenshots and pages stay sharp). An image is decoded with source subsampling, so memory follows the preview's
 * size, not the original's.
 */
final class Previews {

    static final int MAX_SIDE = 1024;

    private Previews() {
    }

    /** Decodes the reader's first image subsampled to about twice the preview size, then scales it down smoothly. */
    static Preview ofImage(ImageReader reader, int width, int height, boolean jpeg) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, Math.max(width, height) / (2 * MAX_SIDE));
        param.setSourceSubsampling(step, step, 0, 0);
        BufferedImage image = reader.read(0, param);
        return encode(image, jpeg);
    }

    /** A rendered page (already at about the preview's size). */
    static Preview ofPage(BufferedImage page) {
        return encode(page, false);
    }

    private static Preview encode(BufferedImage image, boolean jpeg) {
        BufferedImage scaled = scale(image, jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        var bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(scaled, jpeg ? "jpg" : "png", bytes)) {
                throw new IllegalStateException("no ImageIO writer for the preview");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jpeg ? new Preview(bytes.toByteArray(), "jpg", "image/jpeg")
                : new Preview(bytes.toByteArray(), "png", "image/png");
    }

    private static BufferedImage scale(BufferedImage image, int type) {
        int longest = Math.max(image.getWidth(), image.getHeight());
        double factor = longest > MAX_SIDE ? (double) MAX_SIDE / longest : 1.0;
        int width = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(image.getHeight() * factor));
        var scaled = new BufferedImage(width, height, type);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            if (type == BufferedImage.TYPE_INT_RGB) {
                g.setColor(java.awt.Color.WHITE);
                g.fillRect(0, 0, width, height);
            }
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }
}
