package dev.berth.cfn;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fn::Cidr: the first {@code count} blocks of {@code 2^cidrBits} addresses inside an IPv4 or IPv6 block. The
 * error wordings are unconfirmed.
 */
final class CidrBlocks {
    private static final Pattern IPV4_BLOCK = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final int MAX_COUNT = 256;

    private CidrBlocks() {
    }

    static List<String> subnets(String ipBlock, int count, int cidrBits) {
        Block block = Block.parse(ipBlock);
        if (count < 1 || count > MAX_COUNT || cidrBits < 1 || cidrBits > block.width) {
            throw TemplateException.templateError("Fn::Cidr count must be between 1 and " + MAX_COUNT
                    + " and cidrBits must be between 1 and " + block.width);
        }
        int subnetPrefix = block.width - cidrBits;
        if (subnetPrefix < block.prefix
                || BigInteger.valueOf(count).shiftLeft(cidrBits).compareTo(BigInteger.ONE.shiftLeft(block.width - block.prefix)) > 0) {
            throw TemplateException.templateError("Fn::Cidr cannot fit " + count + " blocks of " + cidrBits
                    + " bits in " + ipBlock);
        }
        List<String> subnets = new ArrayList<>();
        BigInteger size = BigInteger.ONE.shiftLeft(cidrBits);
        for (int i = 0; i < count; i++) {
            subnets.add(block.format(block.network.add(size.multiply(BigInteger.valueOf(i)))) + "/" + subnetPrefix);
        }
        return subnets;
    }

    /** A parsed block: its network address (host bits cleared), prefix length, and address width (32 or 128). */
    private static final class Block {
        final BigInteger network;
        final int prefix;
        final int width;

        private Block(BigInteger address, int prefix, int width) {
            this.prefix = prefix;
            this.width = width;
            BigInteger hostMask = BigInteger.ONE.shiftLeft(width - prefix).subtract(BigInteger.ONE);
            this.network = address.andNot(hostMask);
        }

        static Block parse(String text) {
            Matcher v4 = IPV4_BLOCK.matcher(text);
            if (v4.matches()) {
                BigInteger address = BigInteger.ZERO;
                for (int octet = 1; octet <= 4; octet++) {
                    int value = Integer.parseInt(v4.group(octet));
                    if (value > 255) {
                        throw invalid(text);
                    }
                    address = address.shiftLeft(8).add(BigInteger.valueOf(value));
                }
                int prefix = Integer.parseInt(v4.group(5));
                if (prefix > 32) {
                    throw invalid(text);
                }
                return new Block(address, prefix, 32);
            }
            int slash = text.lastIndexOf('/');
            // a literal with ':' is parsed, never looked up in DNS
            if (slash > 0 && text.substring(0, slash).contains(":")) {
                try {
                    byte[] bytes = InetAddress.getByName(text.substring(0, slash)).getAddress();
                    int prefix = Integer.parseInt(text.substring(slash + 1));
                    if (bytes.length == 16 && prefix >= 0 && prefix <= 128) {
                        return new Block(new BigInteger(1, bytes), prefix, 128);
                    }
                } catch (UnknownHostException | NumberFormatException e) {
                    throw invalid(text);
                }
            }
            throw invalid(text);
        }

        private static TemplateException invalid(String text) {
            return TemplateException.templateError("Fn::Cidr ipBlock " + text + " is not a valid CIDR block");
        }

        String format(BigInteger address) {
            if (width == 32) {
                long value = address.longValue();
                return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
            }
            return ipv6(address);
        }

        /** RFC 5952 text: lower-case hex groups, the longest run of two or more zero groups as "::". */
        private static String ipv6(BigInteger address) {
            int[] groups = new int[8];
            for (int i = 7; i >= 0; i--) {
                groups[i] = address.intValue() & 0xffff;
                address = address.shiftRight(16);
            }
            int bestStart = -1;
            int bestLength = 1;
            for (int i = 0; i < 8; ) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j == i ? i + 1 : j;
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    text.append("::");
                    i += bestLength - 1;
                    continue;
                }
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
            return text.toString();
        }
    }
}
