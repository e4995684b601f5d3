package io.syncer.config;

/**
 * PEM files for one side of TLS.
 *
 * @param certFile a certificate chain (PEM), or null
 * @param keyFile its private key (PEM), or null
 * @param caFile the certificate authorities to trust (PEM), or null
 */
public record TlsFiles(String certFile, String keyFile, String caFile) {

    /** Whether a certificate and its key are given. */
    public boolean hasCertificate() {
        return certFile != null;
    }

    static TlsFiles from(ConfigSection section, ConfigParameter<String> cert, ConfigParameter<String> key, ConfigParameter<String> ca) {
        section.allowOnlyDeclared();
        String certFile = blankToNull(cert.read(section));
        String keyFile = blankToNull(key.read(section));
        if ((certFile == null) != (keyFile == null)) {
            throw new ConfigException(section.key(certFile == null ? cert.name() : key.name()),
                    "is required with " + section.key(certFile == null ? key.name() : cert.name()));
        }
        return new TlsFiles(certFile, keyFile, blankToNull(ca.read(section)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
