import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

// The app is served by the gateway at "/" (same origin as the API). `npm run dev` proxies /api to a running
// gateway (./dev up) so the UI can be worked on with hot reload.
export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    // The budget is checked on the gzipped initial download by `npm run size`, not by this warning.
    chunkSizeWarningLimit: 1500,
    // Fonts stay files: a data: URL would be refused by the Content-Security-Policy (font-src 'self').
    assetsInlineLimit: (file: string) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
  },
  server: {
    port: 5173,
    proxy: { "/api": "http://localhost:8080" },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
});
