package com.platform.datamigration.support.source;

/** How a connection uses TLS; each dialect maps it to its driver's setting. */
public enum SslMode {
    /** Never TLS. */
    DISABLE,
    /** TLS when the server offers it. */
    PREFER,
    /** TLS always, without verifying the certificate. */
    REQUIRE,
    /** TLS with a certificate signed by a trusted authority. */
    VERIFY_CA,
    /** TLS with a trusted certificate issued for the host. */
    VERIFY_FULL
}
