/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A job handed between programs (job_state.h): what is written is read back
 * the same, record for record, and goes on as the original would; a file
 * that is not exactly that (another build's, cut short or longer, a field
 * out of its range, targets out of order) is refused whole.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "job_state.h"

#define NOW 5000000u

static struct na_ip ip(const char *s)
{
	struct na_ip r;

	na_parse_ip(s, &r);
	return r;
}

/* A job as a first round leaves it: three addresses, one of them still
 * tentative, two settings, a peer. */
static void make_job(struct na_job *j)
{
	struct na_ip a[3] = {ip("192.0.2.10"), ip("2001:db8::10"), ip("2001:db8::11")};
	struct na_event_opts o;

	memset(j, 0, sizeof(*j));
	memset(&o, 0, sizeof(o));
	j->ifindex = 7;
	memcpy(j->ifname, "eth0", 5);
	memcpy(j->mac, "\x02\x00\x00\x00\x00\x01", 6);
	o.v4 = NA_V4_REQUEST;
	o.v6 = NA_V6_NA | NA_V6_DAD;
	o.notify = NA_NOTIFY_GATEWAYS;
	o.check = true;
	na_parse_schedule("0,2,10", &o.sched);
	CHECK(na_job_request(j, a, 2, &o, NOW - 3, NULL) == 0, "request");
	o.arp_bcast = true;
	na_parse_schedule("0,5", &o.sched);
	CHECK(na_job_request(j, a + 2, 1, &o, NOW - 2, NULL) == 0, "second request");
	j->t[0].first_sent = j->t[1].first_sent = j->t[1].dad_sent = true;
	j->t[0].ev[0].round = j->t[1].ev[0].round = 1;
	j->t[1].has_na = true;
	j->t[1].na_sent = 1;
	j->t[0].first_at = j->t[1].first_at = j->t[1].last_na = NOW - 1;
	j->t[0].tell = j->t[1].tell = true;
	j->t[2].state = NA_T_WAITING;
	j->tell_due = true;
	j->tell_mode = NA_NOTIFY_GATEWAYS;
	j->router = true;
	j->checked_at = NOW - 3;
	j->peers[0] = (struct na_peer){.ip = ip("192.0.2.1"), .mac = {2, 0, 0, 0, 0, 0xfe}};
	j->npeers = 1;
}

/* The file na_state_write makes of j, in a malloc'ed buffer. */
static uint8_t *encode(const struct na_job *j, int verbosity, size_t *len)
{
	FILE *f = tmpfile();
	uint8_t *buf;
	long end;

	CHECK(f && na_state_write(fileno(f), j, verbosity) == 0, "write");
	end = lseek(fileno(f), 0, SEEK_END);
	buf = malloc((size_t)end + 1);
	CHECK(buf && pread(fileno(f), buf, (size_t)end, 0) == end, "read back");
	fclose(f);
	*len = (size_t)end;
	return buf;
}

static void test_round_trip(void)
{
	struct na_job j, k;
	size_t len, i;
	uint8_t *buf;
	FILE *f;
	int v = -2;

	make_job(&j);
	buf = encode(&j, 2, &len);
	memset(&k, 0, sizeof(k));
	CHECK(na_state_decode(buf, len, NOW, &k, &v) == 0, "decodes");
	CHECK(k.n == 3 && k.nopts == 2 && k.npeers == 1 && v == 2, "counts, verbosity (%zu %zu %d)",
	      k.n, k.nopts, v);
	for (i = 0; i < k.n && i < j.n; i++)
		CHECK(memcmp(&k.t[i], &j.t[i], sizeof(j.t[i])) == 0, "target %zu as written", i);
	CHECK(k.nopts == j.nopts && memcmp(k.opts, j.opts, 2 * sizeof(*j.opts)) == 0,
	      "settings as written");
	CHECK(memcmp(&k.peers[0], &j.peers[0], sizeof(j.peers[0])) == 0, "peer as written");
	CHECK(k.ifindex == 7 && strcmp(k.ifname, "eth0") == 0 && !memcmp(k.mac, j.mac, 6) &&
	              k.router && k.tell_due && k.tell_mode == NA_NOTIFY_GATEWAYS &&
	              k.checked_at == NOW - 3,
	      "the job's own fields");
	/* It goes on as the original: the same next round, the same targets. */
	CHECK(na_job_next_due(&k) == na_job_next_due(&j) && na_job_live(&k) == na_job_live(&j),
	      "next round at %llu as the original's %llu", (unsigned long long)na_job_next_due(&k),
	      (unsigned long long)na_job_next_due(&j));
	na_job_free(&k);

	/* From a file, as the background process reads it. */
	f = tmpfile();
	CHECK(f && fwrite(buf, len, 1, f) == 1 && fflush(f) == 0 &&
	              lseek(fileno(f), 0, SEEK_SET) == 0,
	      "file");
	memset(&k, 0, sizeof(k));
	CHECK(na_state_read(fileno(f), NOW, &k, &v) == 0 && k.n == 3, "na_state_read");
	na_job_free(&k);
	fclose(f);
	free(buf);

	/* A schedule cut to --count keeps its later offsets in memory: never
	 * read, and cleared on the way. */
	j.opts[0].sched.n = 1;
	buf = encode(&j, 0, &len);
	memset(&k, 0, sizeof(k));
	CHECK(na_state_decode(buf, len, NOW, &k, &v) == 0 && k.opts[0].sched.n == 1 &&
	              k.opts[0].sched.at_ms[1] == 0 && k.opts[0].sched.at_ms[2] == 0,
	      "a schedule cut to its first round: decodes, the rest cleared");
	na_job_free(&k);
	free(buf);
	na_job_free(&j);
}

/* Decodes buf with one byte at off set to val: must be refused, and leave
 * the job untouched. */
static void refused(const uint8_t *buf, size_t len, size_t off, uint8_t val, const char *what)
{
	uint8_t *b = malloc(len);
	struct na_job k;
	int v = 0;

	memcpy(b, buf, len);
	if (off < len)
		b[off] = val;
	memset(&k, 0, sizeof(k));
	CHECK(na_state_decode(b, len, NOW, &k, &v) == -EINVAL && k.t == NULL && k.n == 0, "%s",
	      what);
	free(b);
}

static void test_refused(void)
{
	const size_t trec = sizeof(struct na_target), orec = sizeof(struct na_event_opts);
	struct na_target tmp;
	struct na_job j, k;
	size_t len, hdr, t0, o0;
	uint64_t late;
	uint8_t *buf;
	int v;

	make_job(&j);
	buf = encode(&j, 0, &len);
	hdr = len - j.n * trec - j.nopts * orec;
	t0 = hdr;
	o0 = hdr + j.n * trec;

	refused(buf, len, 0, 'X', "another magic");
	refused(buf, len, 8, '9', "another version");
	memset(&k, 0, sizeof(k));
	CHECK(na_state_decode(buf, len - 1, NOW, &k, &v) == -EINVAL, "one byte short");
	CHECK(na_state_decode(buf, hdr - 1, NOW, &k, &v) == -EINVAL, "a header cut short");
	buf = realloc(buf, len + 1);
	buf[len] = 0;
	CHECK(na_state_decode(buf, len + 1, NOW, &k, &v) == -EINVAL, "one byte more");
	refused(buf, len, t0 + offsetof(struct na_target, state), 3, "a target state out of range");
	refused(buf, len, t0 + offsetof(struct na_target, first_sent), 2, "a bool that is 2");
	refused(buf, len, t0 + offsetof(struct na_target, ev) + offsetof(struct na_event, opts), 2,
	        "a settings index past the last");
	refused(buf, len, t0 + offsetof(struct na_target, ip), 99, "an address family of 99");
	refused(buf, len, t0 + offsetof(struct na_target, sent), 0x80, "unknown sent bits");
	refused(buf, len, o0 + offsetof(struct na_event_opts, v4), 0x80, "unknown ARP kind bits");
	refused(buf, len, o0 + offsetof(struct na_event_opts, notify), 7, "a notify mode of 7");
	refused(buf, len, o0 + offsetof(struct na_event_opts, check), 2, "a settings bool of 2");
	refused(buf, len,
	        o0 + offsetof(struct na_event_opts, sched) + offsetof(struct na_schedule, n), 0,
	        "an empty schedule");
	/* The third offset, 10 s, becomes 16 ms: not increasing. */
	refused(buf, len,
	        o0 + offsetof(struct na_event_opts, sched) + offsetof(struct na_schedule, at_ms) +
	                9,
	        0, "a schedule that is not increasing");

	/* Whole records: out of order, a time a day ahead. */
	memcpy(&tmp, buf + t0, trec);
	memcpy(buf + t0, buf + t0 + trec, trec);
	memcpy(buf + t0 + trec, &tmp, trec);
	memset(&k, 0, sizeof(k));
	CHECK(na_state_decode(buf, len, NOW, &k, &v) == -EINVAL, "targets out of order");
	memcpy(buf + t0 + trec, buf + t0, trec);
	memcpy(buf + t0, &tmp, trec);
	CHECK(na_state_decode(buf, len, NOW, &k, &v) == 0, "back in order: decodes");
	na_job_free(&k);
	late = NOW + 24 * 3600 * 1000ull;
	memcpy(buf + t0 + offsetof(struct na_target, catchup), &late, sizeof(late));
	memset(&k, 0, sizeof(k));
	CHECK(na_state_decode(buf, len, NOW, &k, &v) == -EINVAL, "a time a day ahead");
	free(buf);

	/* The job's own fields, as a writer could get them wrong. */
	j.ifindex = 0;
	buf = encode(&j, 0, &len);
	CHECK(na_state_decode(buf, len, NOW, &k, &v) == -EINVAL, "interface index 0");
	free(buf);
	j.ifindex = 7;
	memcpy(j.ifname, "a/b", 4);
	buf = encode(&j, 0, &len);
	CHECK(na_state_decode(buf, len, NOW, &k, &v) == -EINVAL, "an interface name with a slash");
	free(buf);
	memcpy(j.ifname, "eth0", 5);
	buf = encode(&j, 9, &len);
	CHECK(na_state_decode(buf, len, NOW, &k, &v) == -EINVAL, "a verbosity of 9");
	free(buf);
	na_job_free(&j);
}

int main(void)
{
	test_round_trip();
	test_refused();
	return check_done();
}
