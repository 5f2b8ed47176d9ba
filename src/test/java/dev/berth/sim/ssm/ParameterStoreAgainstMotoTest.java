package dev.berth.sim.ssm;

import dev.berth.testing.MotoServer;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The same Parameter Store calls against berth sim and moto, an emulator written elsewhere: the same answers and error codes. */
class ParameterStoreAgainstMotoTest {
    private static SimFixture sim;
    private static MotoServer moto;
    private static SsmClient simSsm;
    private static SsmClient motoSsm;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        sim = SimFixture.start(10);
        simSsm = client(URI.create(sim.endpoint()));
        motoSsm = client(moto.endpoint());
    }

    @AfterAll
    static void stop() {
        simSsm.close();
        motoSsm.close();
        sim.close();
        moto.close();
    }

    private static SsmClient client(URI endpoint) {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.of(SimFixture.REGION))
                .credentialsProvider(SimFixture.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void callsAndMistakesAreAnsweredAlike() {
        List<Function<SsmClient, Object>> calls = List.of(
                ssm -> ssm.putParameter(r -> r.name("/cross/a").value("1").type(ParameterType.STRING)).version(),
                ssm -> ssm.putParameter(r -> r.name("/cross/a").value("2").type(ParameterType.STRING)).version(),
                ssm -> ssm.putParameter(r -> r.name("/cross/a").value("2").overwrite(true)).version(),
                ssm -> ssm.getParameter(r -> r.name("/cross/a")).parameter().value(),
                ssm -> ssm.getParameter(r -> r.name("/cross/a:1")).parameter().value(),
                ssm -> ssm.getParameter(r -> r.name("/cross/none")).parameter().value(),
                ssm -> ssm.putParameter(r -> r.name("/cross/untyped").value("v")).version(),
                ssm -> ssm.putParameter(r -> r.name("/cross/empty").value("").type(ParameterType.STRING)).version(),
                ssm -> ssm.putParameter(r -> r.name("ssm-reserved").value("v").type(ParameterType.STRING)).version(),
                ssm -> ssm.putParameter(r -> r.name("/cross/list").value("x,y").type(ParameterType.STRING_LIST)).version(),
                ssm -> ssm.getParameters(r -> r.names("/cross/a", "/cross/list", "/cross/none")).invalidParameters(),
                ssm -> ssm.getParametersByPath(r -> r.path("/cross").recursive(true)).parameters().stream()
                        .map(p -> p.name() + "=" + p.value()).sorted().toList(),
                ssm -> ssm.deleteParameter(r -> r.name("/cross/list")).sdkHttpResponse().isSuccessful(),
                ssm -> ssm.deleteParameter(r -> r.name("/cross/list")).sdkHttpResponse().isSuccessful());
        List<String> fromSim = new ArrayList<>();
        List<String> fromMoto = new ArrayList<>();
        for (Function<SsmClient, Object> call : calls) {
            fromSim.add(answer(call, simSsm));
            fromMoto.add(answer(call, motoSsm));
        }
        assertThat(fromSim).isEqualTo(fromMoto);
    }

    private static String answer(Function<SsmClient, Object> call, SsmClient ssm) {
        try {
            return "ok " + call.apply(ssm);
        } catch (SsmException e) {
            return "error " + e.awsErrorDetails().errorCode();
        }
    }
}
