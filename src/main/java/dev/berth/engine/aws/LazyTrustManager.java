package dev.berth.engine.aws;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

/**
 * The JDK's default trust manager (its CA certificates, or javax.net.ssl.trustStore), made on the
 * first TLS handshake rather than when the HTTP client is built: reading the CA certificates costs
 * a short command a tenth of a second, which a call over plain HTTP (berth sim) never needs.
 * Every check is the default trust manager's own.
 */
final class LazyTrustManager extends X509ExtendedTrustManager {
    private final Supplier<X509ExtendedTrustManager> factory;
    private X509ExtendedTrustManager delegate;
    private CertificateException failure;

    LazyTrustManager() {
        this(LazyTrustManager::platformDefault);
    }

    LazyTrustManager(Supplier<X509ExtendedTrustManager> factory) {
        this.factory = factory;
    }

    /** The trust manager, made once; a trust store that cannot be read fails every check, saying why. */
    synchronized X509ExtendedTrustManager delegate() throws CertificateException {
        if (delegate == null && failure == null) {
            try {
                delegate = factory.get();
            } catch (IllegalStateException e) {
                failure = new CertificateException(e.getMessage(), e.getCause());
            }
        }
        if (failure != null) {
            throw failure;
        }
        return delegate;
    }

    static X509ExtendedTrustManager platformDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the default trust manager factory offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the trust store: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return delegate().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
