/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exec to first frame on the wire: REPS times, takes the realtime clock,
 * forks and execs COMMAND in the announcer's namespace, and waits on a packet
 * socket opened in the peer's namespace on the peer's end of the veth for the
 * first ARP or ICMPv6 NS/NA frame from MAC. The kernel stamps each received
 * frame (SO_TIMESTAMPNS, CLOCK_REALTIME, taken when the veth delivers it to
 * the peer); the difference is the figure. Prints the median, minimum and
 * maximum in microseconds and the number of runs that saw no frame.
 *
 *   firstframe PEER_NETNS PEER_IF ANNOUNCER_NETNS MAC REPS COMMAND [ARG]...
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int enter(const char *ns)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "firstframe: %s: %s\n", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* An ARP frame, or IPv6 + ICMPv6 type 135/136 (no extension headers: ours
 * carry none), from mac. */
static int wanted(const uint8_t *f, ssize_t n, const uint8_t mac[6])
{
	uint16_t type;

	if (n < 14 || memcmp(f + 6, mac, 6) != 0)
		return 0;
	type = (uint16_t)(f[12] << 8 | f[13]);
	if (type == ETH_P_ARP)
		return 1;
	return type == ETH_P_IPV6 && n >= 55 && f[20] == 58 && (f[54] == 135 || f[54] == 136);
}

/* Waits up to 3 s for the frame; returns its kernel timestamp in ns or -1. */
static int64_t first_frame(int fd, const uint8_t mac[6])
{
	uint8_t buf[2048];
	char ctl[256];
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	struct cmsghdr *c;
	struct timespec ts;
	ssize_t n;

	for (;;) {
		if (poll(&pfd, 1, 3000) <= 0)
			return -1;
		mh.msg_control = ctl;
		mh.msg_controllen = sizeof(ctl);
		n = recvmsg(fd, &mh, 0);
		if (n < 0 || !wanted(buf, n, mac))
			continue;
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
				memcpy(&ts, CMSG_DATA(c), sizeof(ts));
				return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
			}
		}
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL)};
	uint8_t mac[6], drain[2048];
	int64_t *t, t0, seen;
	struct timespec ts;
	int fd, one = 1, reps, i, k = 0, missed = 0, status;
	pid_t pid;

	if (argc < 7 || sscanf(argv[4], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2],
	                       &mac[3], &mac[4], &mac[5]) != 6) {
		fprintf(stderr, "usage: firstframe PEER_NETNS PEER_IF ANNOUNCER_NETNS MAC REPS "
		                "COMMAND [ARG]...\n");
		return 2;
	}
	reps = atoi(argv[5]);
	t = calloc((size_t)(reps > 0 ? reps : 1), sizeof(*t));
	if (!t || reps < 1 || enter(argv[1]))
		return 2;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	sll.sll_ifindex = (int)if_nametoindex(argv[2]);
	if (fd < 0 || !sll.sll_ifindex || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) < 0) {
		fprintf(stderr, "firstframe: capture socket: %s\n", strerror(errno));
		return 2;
	}
	/* The socket stays in the peer's namespace; the commands run in the
	 * announcer's. */
	if (enter(argv[3]))
		return 2;
	for (i = 0; i < reps; i++) {
		usleep(50000); /* let the previous run's stragglers arrive */
		while (recv(fd, drain, sizeof(drain), MSG_DONTWAIT) > 0)
			;
		clock_gettime(CLOCK_REALTIME, &ts);
		t0 = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		pid = fork();
		if (pid < 0)
			return 2;
		if (pid == 0) {
			execvp(argv[6], argv + 6);
			_exit(127);
		}
		seen = first_frame(fd, mac);
		waitpid(pid, &status, 0);
		if (seen < 0)
			missed++;
		else
			t[k++] = seen - t0;
	}
	if (!k) {
		printf("- - - 0 %d\n", missed);
		return 1;
	}
	qsort(t, (size_t)k, sizeof(*t), cmp64);
	printf("%lld %lld %lld %d %d\n", (long long)(t[k / 2] / 1000), (long long)(t[0] / 1000),
	       (long long)(t[k - 1] / 1000), k, missed);
	return 0;
}
