package dev.berth.sim.ssm;

import dev.berth.testing.AwsCli;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SSM Parameter Store in the simulator through the real SDK and the AWS CLI. */
class ParameterStoreTest {
    private static final String AL2 = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id";
    private static final String AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

    private static SimFixture sim;
    private static SsmClient ssm;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(20);
        ssm = SsmClient.builder().endpointOverride(URI.create(sim.endpoint())).region(Region.of(SimFixture.REGION))
                .credentialsProvider(SimFixture.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        ssm.close();
        sim.close();
    }

    @Test
    void theEcsOptimizedAmiParametersExistOutOfTheBox() {
        Parameter al2 = ssm.getParameter(r -> r.name(AL2)).parameter();
        Parameter al2023 = ssm.getParameter(r -> r.name(AL2023)).parameter();
        assertThat(al2.value()).matches("ami-0[0-9a-f]{16}");
        assertThat(al2023.value()).matches("ami-0[0-9a-f]{16}").isNotEqualTo(al2.value());
        assertThat(al2.type()).isEqualTo(ParameterType.STRING);
        assertThat(al2.arn()).isEqualTo("arn:aws:ssm:us-east-1::parameter" + AL2);
        String recommended = ssm.getParameter(r -> r.name(AL2023.replace("/image_id", ""))).parameter().value();
        assertThat(recommended).contains("\"image_id\":\"" + al2023.value() + "\"");
        GetParametersByPathResponse images = ssm.getParametersByPath(r -> r.path("/aws/service/ecs/optimized-ami").recursive(true));
        assertThat(images.parameters()).extracting(Parameter::name).contains(AL2, AL2023);
    }

    @Test
    void putGetOverwriteAndDeleteWithVersions() {
        assertThat(ssm.putParameter(r -> r.name("/web/prod/db-host").value("db-1").type(ParameterType.STRING)).version()).isEqualTo(1);
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name("/web/prod/db-host").value("db-2").type(ParameterType.STRING)))
                .isInstanceOf(ParameterAlreadyExistsException.class)
                .hasMessageStartingWith("The parameter already exists. To overwrite this value, set the overwrite option");
        assertThat(ssm.putParameter(r -> r.name("/web/prod/db-host").value("db-2").overwrite(true)).version()).isEqualTo(2);
        Parameter current = ssm.getParameter(r -> r.name("/web/prod/db-host")).parameter();
        assertThat(current.value()).isEqualTo("db-2");
        assertThat(current.version()).isEqualTo(2);
        assertThat(current.arn()).isEqualTo("arn:aws:ssm:us-east-1:" + sim.server().config().accountId() + ":parameter/web/prod/db-host");
        assertThat(ssm.getParameter(r -> r.name("/web/prod/db-host:1")).parameter().value()).isEqualTo("db-1");

        ssm.deleteParameter(r -> r.name("/web/prod/db-host"));
        assertThatThrownBy(() -> ssm.getParameter(r -> r.name("/web/prod/db-host"))).isInstanceOf(ParameterNotFoundException.class);
        assertThatThrownBy(() -> ssm.deleteParameter(r -> r.name("/web/prod/db-host"))).isInstanceOf(ParameterNotFoundException.class);
    }

    @Test
    void getParametersNamesTheMissingOnesAndSecureStringsStaySealedWithoutDecryption() {
        ssm.putParameter(r -> r.name("/shop/token").value("s3cret-value").type(ParameterType.SECURE_STRING));
        ssm.putParameter(r -> r.name("/shop/hosts").value("a,b").type(ParameterType.STRING_LIST));
        GetParametersResponse got = ssm.getParameters(r -> r.names("/shop/token", "/shop/hosts", "/shop/absent"));
        assertThat(got.invalidParameters()).containsExactly("/shop/absent");
        assertThat(got.parameters()).filteredOn(p -> p.name().equals("/shop/token")).singleElement()
                .satisfies(p -> assertThat(p.value()).doesNotContain("s3cret"));
        assertThat(ssm.getParameter(r -> r.name("/shop/token").withDecryption(true)).parameter().value()).isEqualTo("s3cret-value");
        assertThat(ssm.getParameter(r -> r.name("/shop/hosts")).parameter().value()).isEqualTo("a,b");
    }

    @Test
    void byPathPagesAndStaysAtOneLevelUnlessRecursive() {
        for (int i = 0; i < 12; i++) {
            int n = i;
            ssm.putParameter(r -> r.name("/paged/p" + String.format("%02d", n)).value("v" + n).type(ParameterType.STRING));
        }
        ssm.putParameter(r -> r.name("/paged/deeper/x").value("x").type(ParameterType.STRING));
        List<String> names = new ArrayList<>();
        ssm.getParametersByPathPaginator(r -> r.path("/paged").maxResults(5)).stream()
                .flatMap(page -> page.parameters().stream()).forEach(p -> names.add(p.name()));
        assertThat(names).hasSize(12).doesNotContain("/paged/deeper/x");
        assertThat(ssm.getParametersByPath(r -> r.path("/paged/").recursive(true).maxResults(10)).parameters()).hasSize(10);
        assertThatThrownBy(() -> ssm.getParametersByPath(r -> r.path("/paged").maxResults(11))).isInstanceOf(SsmException.class);
    }

    @Test
    void badRequestsAreRefusedNamingWhatWasWrongAndNothingChanges() {
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name("/new/untyped").value("v")))
                .hasMessageStartingWith("A parameter type is required when you create a parameter.");
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(AL2).value("ami-00000000").type(ParameterType.STRING).overwrite(true)))
                .hasMessageStartingWith("No access to reserved parameter name: " + AL2);
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name("ssm-things").value("v").type(ParameterType.STRING)))
                .hasMessageContaining("can't be prefixed with \"aws\" or \"ssm\"");
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name("/bad name/with space").value("v").type(ParameterType.STRING)))
                .hasMessageContaining("sub-paths divided by slash symbol");
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name("/big").value("x".repeat(4097)).type(ParameterType.STRING)))
                .hasMessageStartingWith("Standard tier parameters support a maximum parameter value of 4096 characters.");
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name("/ami").value("not-an-ami").type(ParameterType.STRING)
                .dataType("aws:ec2:image"))).hasMessageContaining("not-an-ami");
        assertThatThrownBy(() -> ssm.getParameter(r -> r.name("/never/put"))).isInstanceOf(ParameterNotFoundException.class)
                .hasMessageStartingWith("Parameter /never/put not found.");
        assertThatThrownBy(() -> ssm.getParameter(r -> r.name(AL2 + ":x"))).hasMessageContaining("version selector");
        assertThat(ssm.getParameters(r -> r.names("/new/untyped", "/big", "/ami")).invalidParameters()).hasSize(3);
        assertThat(ssm.getParameter(r -> r.name(AL2)).parameter().value()).isNotEqualTo("ami-00000000");
    }

    @Test
    void theAwsCliIsAClient() throws Exception {
        AwsCli aws = new AwsCli(sim.endpoint());
        AwsCli.Result put = aws.run("ssm", "put-parameter", "--name", "/cli/greeting", "--value", "hello", "--type", "String");
        assertThat(put.exitCode()).as(put.stderr()).isZero();
        assertThat(put.json().path("Version").asInt()).isEqualTo(1);
        AwsCli.Result get = aws.run("ssm", "get-parameter", "--name", AL2023, "--query", "Parameter.Value");
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        assertThat(get.json().asText()).isEqualTo(ssm.getParameter(r -> r.name(AL2023)).parameter().value());
        AwsCli.Result missing = aws.run("ssm", "get-parameter", "--name", "/cli/absent");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("(ParameterNotFound)");
    }
}
