package dev.berth.sim.elbv2;

import com.fasterxml.jackson.databind.JsonNode;

/** A listener; its default actions as given (target groups to forward to, fixed responses, ...). */
record SimListener(String arn, String loadBalancerArn, int port, String protocol, JsonNode defaultActions) {
}
