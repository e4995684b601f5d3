package io.syncer.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * Appends the TLS 1.2 session keys of syncer's pod connections to a file in the NSS key log format
 * ({@code CLIENT_RANDOM <client random> <master secret>}, hex), which Wireshark reads to decrypt a capture. A
 * debugging aid: whoever reads the file can decrypt the captured traffic.
 *
 * <p>JSSE does not expose session secrets. The master secret is read from {@code sun.security.ssl.SSLSessionImpl} by
 * reflection, as Netty's {@code SslMasterKeyHandler} does, which needs
 * {@code --add-opens java.base/sun.security.ssl=ALL-UNNAMED} (syncer's jar declares it in its manifest). TLS 1.3 has no
 * master secret and JSSE keeps its traffic secrets inside the handshake, so a key-logging client offers TLS 1.2 only.
 */
public final class TlsKeyLog implements AutoCloseable {

    /** What the JVM must be started with for the key log to work. */
    public static final String REQUIRED_FLAG = "--add-opens java.base/sun.security.ssl=ALL-UNNAMED";

    private static final Logger LOGGER = LoggerFactory.getLogger(TlsKeyLog.class);
    private static final Field MASTER_SECRET = masterSecretField();

    private final Path file;
    private final FileChannel channel;

    private TlsKeyLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Whether this JVM lets the master secret be read (see {@link #REQUIRED_FLAG}). */
    public static boolean available() {
        return MASTER_SECRET != null;
    }

    /**
     * Opens (creates with owner-only permissions when missing) the key log for appending.
     *
     * @throws IllegalStateException when the master secret cannot be read in this JVM, naming the flag it needs
     * @throws IOException when the file cannot be opened
     */
    public static TlsKeyLog open(Path file) throws IOException {
        if (MASTER_SECRET == null) {
            throw new IllegalStateException("TLS session keys cannot be read in this JVM: start it with " + REQUIRED_FLAG);
        }
        // one open per check engine (one per event loop): create-or-append in one step, owner-only when created
        java.util.Set<StandardOpenOption> options = java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        try {
            return new TlsKeyLog(file, FileChannel.open(file, options,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        } catch (UnsupportedOperationException notPosix) {
            return new TlsKeyLog(file, FileChannel.open(file, options));
        }
    }

    /** Writes the line of one established session; a session without a readable master secret is skipped. */
    void record(byte[] clientRandom, SSLSession session) {
        if (clientRandom == null || !"TLSv1.2".equals(session.getProtocol())) {
            return;
        }
        try {
            SecretKey secret = (SecretKey) MASTER_SECRET.get(session);
            byte[] master = secret == null ? null : secret.getEncoded();
            if (master == null) {
                return;
            }
            HexFormat hex = HexFormat.of();
            String line = "CLIENT_RANDOM " + hex.formatHex(clientRandom) + ' ' + hex.formatHex(master) + '\n';
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            synchronized (channel) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } catch (IOException | IllegalAccessException | IllegalArgumentException e) {
            LOGGER.warn("Could not write a TLS key to {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static Field masterSecretField() {
        try {
            Field field = Class.forName("sun.security.ssl.SSLSessionImpl").getDeclaredField("masterSecret");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            return null;
        }
    }
}
