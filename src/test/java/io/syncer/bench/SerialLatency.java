package io.syncer.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One keep-alive connection, one request at a time, a new token each ({@code bench-...} in {@code X-Auth-Token} and
 * {@code Authorization: Bearer}), every answer checked (200, and {@code "Synced"} when it is a verdict): the latency
 * of the server alone, for {@code scripts/bench.sh}'s 1-connection lines. wrk adds a tail of its own at one connection
 * (in one run, a plain Vert.x server answering "ok": wrk p99/p50 5.5, this client 1.9), which is not the server's.
 * A blocking socket in a warm loop: {@code warmup} seconds unmeasured, then {@code seconds} measured.
 * Usage: {@code SerialLatency PORT PATH SECONDS WARMUP}. Prints one line: requests/s, p50 ms, p99 ms, errors.
 */
public final class SerialLatency {

    private SerialLatency() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        long measureNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        long warmEnd = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        long end = warmEnd + measureNanos;
        long[] latencies = new long[5_000_000];
        int samples = 0;
        long errors = 0;
        String prefix = "bench-" + ThreadLocalRandom.current().nextInt(1_000_000_000) + "-serial-";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            long counter = 0;
            long now = System.nanoTime();
            while (now < end && samples < latencies.length) {
                String token = prefix + counter++;
                byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Auth-Token: " + token
                        + "\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                long start = System.nanoTime();
                out.write(request);
                out.flush();
                Response response = Response.read(in);
                now = System.nanoTime();
                if (response.status != 200 || response.body.contains("\"status\"") && !response.body.contains("\"Synced\"")) {
                    errors++;
                }
                if (start >= warmEnd) {
                    latencies[samples++] = now - start;
                }
            }
        }
        long[] sorted = Arrays.copyOf(latencies, samples);
        Arrays.sort(sorted);
        double seconds = measureNanos / 1e9;
        System.out.printf("%.0f %.3fms %.3fms %d%n", samples / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), errors);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    /** An HTTP/1.1 response with a Content-Length body (what nginx and syncer send). */
    private record Response(int status, String body) {

        static Response read(InputStream in) throws IOException {
            int status = -1;
            int length = 0;
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                String header = line.toString().trim();
                line.setLength(0);
                if (status < 0) {
                    status = Integer.parseInt(header.split(" ")[1]);
                } else if (header.isEmpty()) {
                    break;
                } else if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            return new Response(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }
}
