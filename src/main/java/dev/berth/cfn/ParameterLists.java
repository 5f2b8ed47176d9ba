package dev.berth.cfn;

import java.util.ArrayList;
import java.util.List;

/** How a list parameter's text becomes items: split at every comma, each item trimmed, empty items kept. */
final class ParameterLists {
    private ParameterLists() {
    }

    static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            items.add(item.trim());
        }
        return items;
    }
}
