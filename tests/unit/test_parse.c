/* SPDX-License-Identifier: BSD-2-Clause */
/* Address, MAC, nonce, schedule and config parsing: what hooks hand over
 * may come from a DHCP server, so the refusals matter as much as the parses. */
#include <arpa/inet.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "parse.h"

static void test_ip(void)
{
	static const char *good[] = {"192.0.2.1",   "192.0.2.1/24", "10.0.0.1/32",
	                             "169.254.1.2", "2001:db8::1",  "2001:db8::1/64",
	                             "fe80::1",     "fe80::1/128",  "100.64.0.1/0"};
	static const char *bad[] = {"",
	                            "/24",
	                            "1.2.3",
	                            "1.2.3.4.5",
	                            "01.2.3.4",
	                            "1.2.3.4/33",
	                            "1.2.3.4/",
	                            "1.2.3.4/2a",
	                            "1.2.3.4/-1",
	                            "0.0.0.0",
	                            "127.0.0.1",
	                            "224.0.0.1",
	                            "255.255.255.255",
	                            "240.0.0.1",
	                            "::",
	                            "::1",
	                            "ff02::1",
	                            "::ffff:1.2.3.4",
	                            "2001:db8::1/129",
	                            "2001:db8::g",
	                            " 1.2.3.4",
	                            "1.2.3.4 ",
	                            "1.2.3.4\n",
	                            "$(touch /tmp/x)",
	                            "1.2.3.4;reboot",
	                            "`id`",
	                            "1.2.3.4/24/24",
	                            "fe80::1%eth0",
	                            "1.2.3.4/024x",
	                            "2001:db8::1/00000000000000000000064"};
	struct na_ip ip, keep;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(*good); i++)
		CHECK(na_parse_ip(good[i], &ip) == 0, "'%s' parses", good[i]);
	memset(&keep, 0x5a, sizeof(keep));
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		ip = keep;
		CHECK(na_parse_ip(bad[i], &ip) != 0, "'%s' refused", bad[i]);
		CHECK(memcmp(&ip, &keep, sizeof(ip)) == 0, "'%s': nothing written", bad[i]);
	}
	CHECK(na_parse_ip("192.0.2.7/24", &ip) == 0 && ip.family == AF_INET &&
	              ip.v4.s_addr == htonl(0xc0000207),
	      "value of 192.0.2.7");
	CHECK(na_parse_ip(NULL, &ip) != 0, "NULL refused");
}

/* na_parse_ip's own dotted-quad and IPv6 readers against glibc's inet_pton,
 * which it used to call: the same verdict and the same bytes, for listed
 * edge cases and for strings made of the characters that matter (a fixed
 * generator, so that every run checks the same ones). */
static bool like_inet_pton(const char *s)
{
	struct na_ip want, got;
	bool ok;

	memset(&want, 0, sizeof(want));
	want.family = strchr(s, ':') ? AF_INET6 : AF_INET;
	ok = inet_pton(want.family, s, want.family == AF_INET ? (void *)&want.v4 : &want.v6) == 1 &&
	     na_ip_announceable(&want);
	if (na_parse_ip(s, &got) != 0)
		return !ok;
	return ok && got.family == want.family &&
	       (want.family == AF_INET ? memcmp(&got.v4, &want.v4, sizeof(want.v4))
	                               : memcmp(&got.v6, &want.v6, sizeof(want.v6))) == 0;
}

static void test_ip_like_inet_pton(void)
{
	static const char *edge[] = {"1:2:3:4:5:6:7:8",
	                             "1:2:3:4:5:6:7:8::",
	                             "1::2:3:4:5:6:7:8",
	                             "1:2:3:4:5:6:7::",
	                             "::1:2:3:4:5:6:7",
	                             ":::",
	                             ":",
	                             "1:",
	                             ":1::",
	                             "1::",
	                             "2001:db8::1:",
	                             "2001:db8:::1",
	                             "2001:db8::1::2",
	                             "2001:db8::12345",
	                             "2001:DB8::aB",
	                             "2001:db8::00001",
	                             "::ffff:192.0.2.1",
	                             "2001:db8::192.0.2.1",
	                             "1:2:3:4:5:6:192.0.2.1",
	                             "1:2:3:4:5:6:7:192.0.2.1",
	                             "2001:db8::1.2.3",
	                             "2001:db8::1.2.3.4.5",
	                             "2001:db8::01.2.3.4",
	                             "2001:db8::a.2.3.4",
	                             "2001:db8::1.2.3.4:1",
	                             "192.0.2.256",
	                             "192.0.2.00",
	                             "192.0.2.0",
	                             "192.0.2.",
	                             ".192.0.2.1",
	                             "192..0.2",
	                             "192.0.2.1.",
	                             "1.2.3.04"};
	static const char chars[] = "0123456789abcdefABCDEF::::....g";
	/* Pieces of addresses, for strings that are often valid. */
	static const char *piece[] = {"",   "0",     "1",     "db8", "2001",  "ffff", "FE80",
	                              "00", "12345", "0db8",  "192", "0.2.1", "255",  "256",
	                              "01", "0.0.1", "1.2.3", ":",   "::",    ".",    "a"};
	char s[48];
	unsigned seed = 1, len, k, bad = 0;
	size_t i, n, p;

	for (i = 0; i < sizeof(edge) / sizeof(*edge); i++)
		CHECK(like_inet_pton(edge[i]), "'%s' as inet_pton reads it", edge[i]);
	for (i = 0; i < 200000; i++) {
		seed = seed * 1103515245 + 12345;
		len = 1 + (seed >> 16) % 40;
		for (k = 0, n = 0; i % 2 && k < len; k++) {
			seed = seed * 1103515245 + 12345;
			s[n++] = chars[(seed >> 16) % (sizeof(chars) - 1)];
		}
		for (k = 0; !(i % 2) && k < len % 12; k++) {
			seed = seed * 1103515245 + 12345;
			p = strlen(piece[(seed >> 16) % (sizeof(piece) / sizeof(*piece))]);
			if (n + p + 1 >= sizeof(s))
				break;
			memcpy(s + n, piece[(seed >> 16) % (sizeof(piece) / sizeof(*piece))], p);
			n += p;
			s[n++] = (seed >> 8) % 4 ? ':' : '.';
		}
		if (!(i % 2) && n && (seed >> 4) % 2)
			n--; /* mostly without the last separator */
		s[n] = '\0';
		if (!n)
			continue;
		if (!like_inet_pton(s) && bad++ < 5)
			CHECK(false, "'%s' as inet_pton reads it", s);
	}
	CHECK(bad == 0, "200,000 generated strings as inet_pton reads them (%u differ)", bad);
}

static void test_cmp(void)
{
	struct na_ip a, b;

	na_parse_ip("192.0.2.1", &a);
	na_parse_ip("2001:db8::1", &b);
	CHECK(na_ip_cmp(&a, &b) < 0 && na_ip_cmp(&b, &a) > 0, "IPv4 sorts first");
	na_parse_ip("192.0.2.2", &b);
	CHECK(na_ip_cmp(&a, &b) < 0 && na_ip_cmp(&a, &a) == 0, "bytewise");
}

static void test_mac_nonce(void)
{
	uint8_t m[6] = {0}, n[6] = {0};

	CHECK(na_parse_mac("02:00:00:aa:bb:0C", m) == 0 && m[5] == 0x0c && m[0] == 2, "mac");
	CHECK(na_parse_mac("02-00-00-aa-bb-0c", m) == 0, "mac with dashes");
	CHECK(na_parse_mac("01:00:5e:00:00:01", m) != 0, "multicast mac refused");
	CHECK(na_parse_mac("00:00:00:00:00:00", m) != 0, "zero mac refused");
	CHECK(na_parse_mac("02:00:00:aa:bb", m) != 0, "short mac refused");
	CHECK(na_parse_mac("02:00:00:aa:bb:0c:", m) != 0, "long mac refused");
	CHECK(na_parse_mac("02:00:00:aa:bb:0g", m) != 0, "bad hex refused");
	CHECK(na_parse_mac("02.00.00.aa.bb.0c", m) != 0, "bad separator refused");
	CHECK(na_parse_nonce("891beaef1263", n) == 0 && n[0] == 0x89 && n[5] == 0x63, "nonce");
	CHECK(na_parse_nonce("891beaef126", n) != 0, "11 digits refused");
	CHECK(na_parse_nonce("891beaef12634", n) != 0, "13 digits refused");
	CHECK(na_parse_nonce("891beaef126x", n) != 0, "non-hex refused");
}

static void test_schedule(void)
{
	struct na_schedule s, keep;
	unsigned u;

	CHECK(na_parse_schedule("0,2,10", &s) == 0 && s.n == 3 && s.at_ms[0] == 0 &&
	              s.at_ms[1] == 2000 && s.at_ms[2] == 10000,
	      "0,2,10");
	CHECK(na_parse_schedule("0.5,1.25,3.125", &s) == 0 && s.at_ms[0] == 500 &&
	              s.at_ms[1] == 1250 && s.at_ms[2] == 3125,
	      "decimals");
	CHECK(na_parse_schedule("3600", &s) == 0 && s.at_ms[0] == 3600000, "an hour");
	CHECK(na_parse_schedule("0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", &s) == 0 && s.n == 16,
	      "16 rounds");
	keep = s;
	CHECK(na_parse_schedule("0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", &s) != 0,
	      "17 rounds refused");
	CHECK(memcmp(&s, &keep, sizeof(s)) == 0, "nothing written on refusal");
	CHECK(na_parse_schedule("", &s) != 0, "empty refused");
	CHECK(na_parse_schedule("0,2,2", &s) != 0, "not increasing refused");
	CHECK(na_parse_schedule("2,0", &s) != 0, "decreasing refused");
	CHECK(na_parse_schedule("0,,2", &s) != 0, "empty entry refused");
	CHECK(na_parse_schedule("0,2,", &s) != 0, "trailing comma refused");
	CHECK(na_parse_schedule("-1", &s) != 0, "negative refused");
	CHECK(na_parse_schedule("3601", &s) != 0, "over an hour refused");
	CHECK(na_parse_schedule("1.2345", &s) != 0, "4 decimals refused");
	CHECK(na_parse_schedule("1.", &s) != 0, "dangling dot refused");
	CHECK(na_parse_schedule(".5", &s) != 0, "leading dot refused");
	CHECK(na_parse_schedule("99999999999999999999", &s) != 0, "overflow refused");
	CHECK(na_parse_uint("16", 1, 16, &u) == 0 && u == 16, "uint");
	CHECK(na_parse_uint("0", 1, 16, &u) != 0, "below min");
	CHECK(na_parse_uint("17", 1, 16, &u) != 0, "above max");
	CHECK(na_parse_uint("1x", 1, 16, &u) != 0, "trailing garbage");
	CHECK(na_parse_uint("", 1, 16, &u) != 0, "empty");
}

/* valid(S): na_parse_ifname takes S (as a NUL-terminated string). */
static bool valid(const char *s, char *dev)
{
	return na_parse_ifname(s, strlen(s), dev) == 0;
}

static void test_ifname(void)
{
	char dev[IF_NAMESIZE] = "unset";

	CHECK(valid("eth0", dev) && strcmp(dev, "eth0") == 0, "plain name");
	CHECK(valid("abcdefghijklmno", NULL), "15 bytes");
	CHECK(!valid("abcdefghijklmnop", NULL), "16 bytes");
	CHECK(!valid("", NULL), "empty");
	CHECK(!valid(".", NULL) && !valid("..", NULL) && valid("...", NULL), ". and ..");
	CHECK(!valid("a/b", NULL) && !valid("../x", NULL), "'/'");
	CHECK(!valid("a b", NULL) && !valid("a\tb", NULL), "white space");
	CHECK(!valid("va0\n", NULL) && !valid("\nva0", NULL), "newline");
	/* The kernel takes an ESC or a DEL in a name; we take neither: the
	 * name ends up in messages. */
	CHECK(!valid("e\x1b[31m", NULL) && !valid("e\x7f", NULL) && !valid("\x01", NULL),
	      "control bytes");
	CHECK(valid("w\xc3\xa9", NULL), "bytes beyond ASCII, as the kernel takes them");
	CHECK(na_parse_ifname("eth0\0x", 6, NULL) != 0, "NUL inside the given length");
	CHECK(na_parse_ifname("eth0:1", 4, dev) == 0 && strcmp(dev, "eth0") == 0,
	      "only n bytes are read");

	/* Aliases, as ifupdown passes them for an alias stanza. */
	CHECK(valid("eth0:1", dev) && strcmp(dev, "eth0") == 0, "alias: its device");
	CHECK(valid("br-lan:guest", dev) && strcmp(dev, "br-lan") == 0, "alias with a word");
	CHECK(valid("abcdefghijklm:1", dev) && strcmp(dev, "abcdefghijklm") == 0,
	      "alias of 15 bytes");
	CHECK(!valid("abcdefghijklmn:1", NULL), "alias of 16 bytes");
	CHECK(!valid(":1", NULL) && !valid("eth0:", NULL), "empty device or label");
	CHECK(!valid("eth0:1:2", NULL), "two colons");
	CHECK(!valid("eth0:a/b", NULL) && !valid("eth0:a\nb", NULL) && !valid("eth0:\x1b", NULL),
	      "hostile label");
	CHECK(!valid("..:1", NULL), "alias of ..");

	CHECK(na_ifname_on_dev("eth0", "eth0") && na_ifname_on_dev("eth0:1", "eth0"),
	      "a device and its alias stand for it");
	CHECK(!na_ifname_on_dev("eth0", "eth") && !na_ifname_on_dev("eth", "eth0") &&
	              !na_ifname_on_dev("eth0:1", "eth0:1") && !na_ifname_on_dev("eth00:1", "eth0"),
	      "nothing else does");
}

static void test_config(void)
{
	static const char good[] = "# comment\n"
	                           "\n"
	                           "  enabled = yes   # trailing comment\n"
	                           "schedule=0,1,5\n"
	                           "ipv4 = both\r\n"
	                           "ipv6 = na\n"
	                           "skip = wg0  docker0\n"
	                           "skip = tun0\n"
	                           "user = daemon";
	struct na_config c, keep;
	char err[128];

	na_config_init(&c);
	CHECK(na_config_parse(good, strlen(good), &c, err, sizeof(err)) == 0, "good file: %s", err);
	CHECK(c.enabled && c.has_schedule && c.sched.n == 3 && c.sched.at_ms[2] == 5000,
	      "schedule from file");
	CHECK(c.has_v4 && c.v4 == (NA_V4_REQUEST | NA_V4_REPLY), "ipv4 both");
	CHECK(c.has_v6 && c.v6 == NA_V6_NA, "ipv6 na");
	CHECK(c.nskip == 3 && strcmp(c.skip[1], "docker0") == 0 && strcmp(c.skip[2], "tun0") == 0,
	      "skip list");
	CHECK(strcmp(c.user, "daemon") == 0, "user");
	CHECK(na_config_skips(&c, "wg0") && !na_config_skips(&c, "eth0"), "skips");

	keep = c;
	CHECK(na_config_parse("enabled = no\nschedule = 2,1\n", 27, &c, err, sizeof(err)) == 2,
	      "bad line number 2");
	CHECK(memcmp(&c, &keep, sizeof(c)) == 0, "file with an error changes nothing");
	CHECK(na_config_parse("bogus = 1\n", 10, &c, err, sizeof(err)) == 1 &&
	              strstr(err, "unknown"),
	      "unknown key");
	CHECK(na_config_parse("\n\nenabled\n", 10, &c, err, sizeof(err)) == 3, "no '='");
	CHECK(na_config_parse("enabled = maybe\n", 16, &c, err, sizeof(err)) == 1, "bad bool");
	CHECK(na_config_parse("skip = a/b\n", 11, &c, err, sizeof(err)) == 1, "bad ifname");
	CHECK(na_config_parse("skip = abcdefghijklmnop\n", 24, &c, err, sizeof(err)) == 1,
	      "long ifname");
	CHECK(na_config_parse("user = a b\n", 11, &c, err, sizeof(err)) == 1, "user w/ space");
	CHECK(na_config_parse("ipv4 = $(reboot)\n", 17, &c, err, sizeof(err)) == 1,
	      "shell in a value is just a bad value");
	CHECK(na_config_parse("enabled = yes\0\n", 15, &c, err, sizeof(err)) == 1, "NUL");
	CHECK(na_config_parse("skip = va\x1b[2J\n", 13, &c, err, sizeof(err)) == 1 &&
	              strstr(err, "bad interface name"),
	      "ESC in a skip name: %s", err);

	/* skip = DEV covers its aliases; skip = DEV:LABEL that alias only.
	 * ifupdown runs the hook with IFACE=va:1 for an alias stanza. */
	na_config_init(&c);
	CHECK(na_config_parse("skip = va\n", 10, &c, err, sizeof(err)) == 0, "skip = va");
	CHECK(na_config_skips(&c, "va") && na_config_skips(&c, "va:1") &&
	              na_config_skips(&c, "va:guest"),
	      "skip = va covers va:1");
	CHECK(!na_config_skips(&c, "vb:1") && !na_config_skips(&c, "va0") &&
	              !na_config_skips(&c, "va0:1"),
	      "and no other device's alias");
	na_config_init(&c);
	CHECK(na_config_parse("skip = va:1 wg0\n", 16, &c, err, sizeof(err)) == 0,
	      "an alias in skip is accepted: %s", err);
	CHECK(na_config_skips(&c, "va:1") && !na_config_skips(&c, "va") &&
	              !na_config_skips(&c, "va:2") && na_config_skips(&c, "wg0"),
	      "skip = va:1 covers that alias only");

	na_config_init(&c);
	CHECK(na_config_parse("enabled = no\n", 13, &c, err, sizeof(err)) == 0 &&
	              na_config_skips(&c, "eth0"),
	      "enabled = no skips everything");
}

int main(void)
{
	test_ip();
	test_ip_like_inet_pton();
	test_cmp();
	test_mac_nonce();
	test_schedule();
	test_ifname();
	test_config();
	return check_done();
}
