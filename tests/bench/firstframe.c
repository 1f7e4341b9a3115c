/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exec to first frame on the wire, and what a hook waits for, in the same
 * runs. REPS times: takes the realtime clock, forks and execs COMMAND in the
 * announcer's namespace, and waits on a packet socket opened in the peer's
 * namespace on the peer's end of the veth for the first ARP or ICMPv6 NS/NA
 * frame from MAC. The kernel stamps each received frame (SO_TIMESTAMPNS,
 * CLOCK_REALTIME, taken when the veth delivers it to the peer); the
 * difference is the first-frame figure. Then it waits for COMMAND to exit:
 * fork to exit is what a hook that runs COMMAND waits for.
 *
 *   firstframe PEER_NETNS PEER_IF ANNOUNCER_NETNS MAC REPS COMMAND [ARG]...
 *   -> one line per run: "frame_us exit_us maxrss_kib exit_status minor_faults"
 *      (frame_us "-" when no frame came within FIRSTFRAME_WAIT_MS, 3000)
 *
 * FIRSTFRAME_FRESH=1: before each run, end every other process in the
 * announcer's namespace (a background announcer left by the previous run),
 * and wait until it is gone, so that COMMAND starts as a hook's first call.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

static int64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Is pid still there and not a zombie? */
static int alive(pid_t pid)
{
	char path[64], buf[256], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* "pid (comm) S ..." */
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

/* Ends every process in our network namespace but ourselves; returns how
 * many it found. */
static int end_others(void)
{
	struct stat self, st;
	pid_t pids[256];
	struct dirent *d;
	char path[64];
	int n = 0, i, tries;
	DIR *dir;

	if (stat("/proc/self/ns/net", &self) < 0 || !(dir = opendir("/proc")))
		return -1;
	while ((d = readdir(dir)) && n < (int)(sizeof(pids) / sizeof(pids[0]))) {
		pid_t pid;

		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		pid = (pid_t)atoi(d->d_name);
		if (pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
		if (stat(path, &st) == 0 && st.st_ino == self.st_ino && st.st_dev == self.st_dev &&
		    alive(pid) && kill(pid, SIGTERM) == 0)
			pids[n++] = pid;
	}
	closedir(dir);
	for (i = 0; i < n; i++) {
		for (tries = 0; alive(pids[i]) && tries < 400; tries++)
			usleep(5000);
		if (alive(pids[i]))
			kill(pids[i], SIGKILL);
	}
	return n;
}

/* An ARP frame, or IPv6 + ICMPv6 type 135/136 (no extension headers: none
 * of the measured programs sends any), from mac. */
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

/* Waits up to wait_ms for the frame; returns its kernel timestamp in ns or -1. */
static int64_t first_frame(int fd, const uint8_t mac[6], int wait_ms)
{
	uint8_t buf[2048];
	char ctl[256];
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	struct cmsghdr *c;
	struct timespec ts;
	int64_t end = realtime_ns() + (int64_t)wait_ms * 1000000, left;
	ssize_t n;

	for (;;) {
		left = (end - realtime_ns()) / 1000000;
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
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
	int64_t t0, seen, done;
	int fd, one = 1, reps, i, status, fresh, wait_ms = 3000;
	struct rusage ru;
	pid_t pid;

	if (argc < 7 || sscanf(argv[4], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2],
	                       &mac[3], &mac[4], &mac[5]) != 6) {
		fprintf(stderr, "usage: firstframe PEER_NETNS PEER_IF ANNOUNCER_NETNS MAC REPS "
		                "COMMAND [ARG]...\n");
		return 2;
	}
	reps = atoi(argv[5]);
	fresh = getenv("FIRSTFRAME_FRESH") && strcmp(getenv("FIRSTFRAME_FRESH"), "1") == 0;
	if (getenv("FIRSTFRAME_WAIT_MS"))
		wait_ms = atoi(getenv("FIRSTFRAME_WAIT_MS"));
	if (reps < 1 || enter(argv[1]))
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
		/* Let the previous run's stragglers arrive (and its background
		 * process be forked: the double fork can outlast the exit). */
		usleep(50000);
		if (fresh && end_others() < 0)
			return 2;
		while (recv(fd, drain, sizeof(drain), MSG_DONTWAIT) > 0)
			;
		t0 = realtime_ns();
		pid = fork();
		if (pid < 0)
			return 2;
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

			/* what COMMAND prints (ndisc6 prints the MAC) is not ours */
			if (null >= 0)
				dup2(null, STDOUT_FILENO);
			execvp(argv[6], argv + 6);
			_exit(127);
		}
		seen = first_frame(fd, mac, wait_ms);
		if (wait4(pid, &status, 0, &ru) < 0)
			return 2;
		done = realtime_ns();
		if (seen < 0)
			printf("- ");
		else
			printf("%lld ", (long long)((seen - t0) / 1000));
		printf("%lld %ld %d %ld\n", (long long)((done - t0) / 1000), ru.ru_maxrss,
		       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
		       ru.ru_minflt);
		fflush(stdout);
	}
	return 0;
}
