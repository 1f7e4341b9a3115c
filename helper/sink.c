/* SPDX-License-Identifier: BSD-2-Clause */
#define _GNU_SOURCE /* sendmmsg */
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"
#include "sink.h"

int na_sink_open_socket(struct na_sink *s)
{
	memset(s, 0, sizeof(*s));
	/* Protocol 0: bound to no ethertype, so the socket is never handed a
	 * received frame (packet(7)). Sending works on any ifindex. */
	s->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return -errno;
	return 0;
}

void na_pcap_file_header(uint8_t out[NA_PCAP_FILE_HDR])
{
	const uint32_t magic = 0xa1b2c3d4, snaplen = 65535, linktype = NA_LINKTYPE_ETHERNET;
	const uint16_t major = 2, minor = 4;

	memset(out, 0, NA_PCAP_FILE_HDR);
	memcpy(out, &magic, 4);
	memcpy(out + 4, &major, 2);
	memcpy(out + 6, &minor, 2);
	/* thiszone and sigfigs stay 0 */
	memcpy(out + 16, &snaplen, 4);
	memcpy(out + 20, &linktype, 4);
}

void na_pcap_record_header(uint8_t out[NA_PCAP_REC_HDR], uint64_t sec, uint32_t usec, uint32_t len)
{
	uint32_t s32 = (uint32_t)sec;

	memcpy(out, &s32, 4);
	memcpy(out + 4, &usec, 4);
	memcpy(out + 8, &len, 4);  /* captured length */
	memcpy(out + 12, &len, 4); /* original length */
}

static int write_pcap(struct na_sink *s, const uint8_t *frame, size_t len)
{
	uint8_t rec[NA_PCAP_REC_HDR];
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	na_pcap_record_header(rec, (uint64_t)ts.tv_sec, (uint32_t)(ts.tv_nsec / 1000),
	                      (uint32_t)len);
	if (fwrite(rec, sizeof(rec), 1, s->pcap) != 1 || fwrite(frame, len, 1, s->pcap) != 1)
		return -EIO;
	s->sent++;
	return 0;
}

int na_sink_open_pcap(struct na_sink *s, const char *path)
{
	uint8_t hdr[NA_PCAP_FILE_HDR];

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (strcmp(path, "-") == 0) {
		/* Standard output, for a pipe (a dry run into tshark -r -); a
		 * terminal would only show binary noise. */
		if (isatty(STDOUT_FILENO))
			return -ENOTTY;
		s->pcap = fdopen(STDOUT_FILENO, "wb");
	} else {
		s->pcap = fopen(path, "wbe");
	}
	if (!s->pcap)
		return -errno;
	s->write_pcap = write_pcap;
	na_pcap_file_header(hdr);
	if (fwrite(hdr, sizeof(hdr), 1, s->pcap) != 1) {
		fclose(s->pcap);
		s->pcap = NULL;
		return -EIO;
	}
	return 0;
}

/* Where a frame goes: out of ifindex, to its own destination MAC. */
static void frame_addr(struct sockaddr_ll *sll, int ifindex, const uint8_t *frame)
{
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_ifindex = ifindex;
	sll->sll_protocol = htons(ETH_P_ALL);
	sll->sll_halen = NA_MAC_LEN;
	memcpy(sll->sll_addr, frame, NA_MAC_LEN);
}

int na_sink_send(struct na_sink *s, int ifindex, const uint8_t *frame, size_t len)
{
	struct sockaddr_ll sll;

	if (s->pcap)
		return s->write_pcap(s, frame, len);
	frame_addr(&sll, ifindex, frame);
	if (sendto(s->fd, frame, len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -errno;
	s->sent++;
	return 0;
}

bool na_sink_queue(struct na_sink *s, int ifindex, const uint8_t *frame, size_t len)
{
	if (s->queued >= NA_SINK_BATCH || len > sizeof(s->q[0].frame))
		return false;
	s->q[s->queued].ifindex = ifindex;
	s->q[s->queued].len = len;
	memcpy(s->q[s->queued].frame, frame, len);
	s->queued++;
	return true;
}

size_t na_sink_flush(struct na_sink *s, int res[NA_SINK_BATCH])
{
	struct sockaddr_ll sll[NA_SINK_BATCH];
	struct mmsghdr mm[NA_SINK_BATCH];
	struct iovec iov[NA_SINK_BATCH];
	size_t n = s->queued, i, k;
	int sent;

	s->queued = 0;
	if (s->pcap) {
		for (i = 0; i < n; i++)
			res[i] = s->write_pcap(s, s->q[i].frame, s->q[i].len);
		return n;
	}
	memset(mm, 0, n * sizeof(mm[0]));
	for (i = 0; i < n; i++) {
		frame_addr(&sll[i], s->q[i].ifindex, s->q[i].frame);
		iov[i].iov_base = s->q[i].frame;
		iov[i].iov_len = s->q[i].len;
		mm[i].msg_hdr.msg_name = &sll[i];
		mm[i].msg_hdr.msg_namelen = sizeof(sll[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	for (i = 0; i < n;) {
		/* What the kernel took, then (a partial send loses the error)
		 * the first one it refused, offered again: a call that fails
		 * at once says why. */
		sent = sendmmsg(s->fd, &mm[i], (unsigned)(n - i), 0);
		if (sent <= 0) {
			res[i++] = sent < 0 ? -errno : -EIO;
			continue;
		}
		for (k = 0; k < (size_t)sent; k++)
			res[i + k] = 0;
		s->sent += (uint64_t)sent;
		i += (size_t)sent;
	}
	return n;
}

int na_sink_close(struct na_sink *s)
{
	int err = 0;

	if (s->pcap) {
		if (fclose(s->pcap))
			err = -errno;
		s->pcap = NULL;
	}
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
	return err;
}
