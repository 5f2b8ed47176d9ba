package dev.berth.engine.aws;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS with the trust manager read on the first handshake: still verified, read once, failures said. */
class LazyTrustManagerTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path folder;
    static KeyStore keys;
    static HttpsServer server;

    /** An HTTPS server on 127.0.0.1 with a self-signed certificate no default trust store holds. */
    @BeforeAll
    static void server() throws Exception {
        Path store = folder.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static HttpExecuteResponse get(SdkHttpClient client) throws IOException {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/")).build();
        return client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call();
    }

    @Test
    void berthsHttpClientRefusesAServerItsTrustStoreDoesNotVouchFor() {
        try (SdkHttpClient client = AwsClients.httpClient()) {
            assertThatThrownBy(() -> get(client)).isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");
        }
    }

    @Test
    void theTrustStoreIsReadOnTheFirstHandshakeOnlyAndItsVerdictIsKept() throws Exception {
        AtomicInteger made = new AtomicInteger();
        LazyTrustManager lazy = new LazyTrustManager(() -> {
            made.incrementAndGet();
            return trusting(keys);
        });
        try (SdkHttpClient client = UrlConnectionHttpClient.builder()
                .tlsTrustManagersProvider(() -> new TrustManager[] {lazy}).build()) {
            assertThat(made).hasValue(0);
            assertThat(get(client).httpResponse().statusCode()).isEqualTo(200);
            assertThat(made).hasValue(1);
            assertThat(get(client).httpResponse().statusCode()).isEqualTo(200);
            assertThat(made).hasValue(1);
        }
    }

    @Test
    void aTrustStoreThatCannotBeReadFailsEveryCheckSayingWhy() {
        AtomicInteger made = new AtomicInteger();
        LazyTrustManager lazy = new LazyTrustManager(() -> {
            made.incrementAndGet();
            throw new IllegalStateException("cannot read the trust store: /nowhere/cacerts (No such file or directory)");
        });
        X509Certificate[] chain = {certificate()};
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> lazy.checkServerTrusted(chain, "EC")).isInstanceOf(CertificateException.class)
                    .hasMessage("cannot read the trust store: /nowhere/cacerts (No such file or directory)");
        }
        assertThat(made).hasValue(1);
        assertThat(lazy.getAcceptedIssuers()).isEmpty();
    }

    @Test
    void theDefaultIsTheJdksOwnTrustManager() throws Exception {
        X509Certificate[] chain = {certificate()};
        assertThatThrownBy(() -> new LazyTrustManager().checkServerTrusted(chain, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("PKIX path building failed");
        assertThat(new LazyTrustManager().getAcceptedIssuers()).isNotEmpty();
    }

    private static X509Certificate certificate() {
        try {
            return (X509Certificate) keys.getCertificate("server");
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509ExtendedTrustManager trusting(KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
