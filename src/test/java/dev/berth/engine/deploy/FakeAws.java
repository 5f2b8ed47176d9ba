package dev.berth.engine.deploy;

import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.waiters.CloudFormationWaiter;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A thin fake of the AWS clients for the engine's tests of situations no simulator offers yet: each
 * operation answers from a function of its request; an operation not scripted fails the test. The
 * SDK's own default methods (consumer builders, paginators) run unchanged on top.
 */
public final class FakeAws {
    /** Every request made, in order, with the operation's name. */
    public record Call(String operation, AwsRequest request) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();

    public CloudFormationClient cloudFormation(Map<String, Function<Object, Object>> answers) {
        CloudFormationClient[] self = new CloudFormationClient[1];
        self[0] = proxy(CloudFormationClient.class, answers, () -> CloudFormationWaiter.builder().client(self[0]).build());
        return self[0];
    }

    public EcsClient ecs(Map<String, Function<Object, Object>> answers) {
        return proxy(EcsClient.class, answers, null);
    }

    private <T> T proxy(Class<T> type, Map<String, Function<Object, Object>> answers, java.util.function.Supplier<Object> waiter) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("waiter") && waiter != null) {
                return waiter.get();
            }
            if (method.getName().equals("close")) {
                return null;
            }
            boolean requestForm = args != null && args.length == 1 && args[0] instanceof AwsRequest;
            if (method.isDefault() && (!requestForm || !answers.containsKey(method.getName()))) {
                try {
                    return InvocationHandler.invokeDefault(proxy, method, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            Function<Object, Object> answer = answers.get(method.getName());
            if (answer == null || !requestForm) {
                throw new AssertionError("unexpected call " + type.getSimpleName() + "." + method.getName());
            }
            calls.add(new Call(method.getName(), (AwsRequest) args[0]));
            return answer.apply(args[0]);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }
}
