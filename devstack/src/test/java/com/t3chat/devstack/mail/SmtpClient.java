package com.t3chat.devstack.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Raw SMTP for tests: send lines, read (multi-line) replies. */
final class SmtpClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    SmtpClient(int port) throws IOException {
        socket = new Socket(SmtpSink.HOST, port);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** The next reply, its lines joined with {@code \n}. */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed; got so far: " + reply);
            }
            reply.append(reply.isEmpty() ? "" : "\n").append(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    String send(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** MAIL, RCPT for each, DATA with {@code message} (lines ended with CRLF, dot-stuffed here); the final reply. */
    String mail(String from, java.util.List<String> to, String message) throws IOException {
        expect(send("MAIL FROM:<" + from + ">"), "250");
        for (String recipient : to) {
            expect(send("RCPT TO:<" + recipient + ">"), "250");
        }
        expect(send("DATA"), "354");
        StringBuilder data = new StringBuilder();
        for (String line : message.split("\r?\n", -1)) {
            data.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        write(data + ".\r\n");
        return reply();
    }

    private static void expect(String reply, String code) throws IOException {
        if (!reply.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
