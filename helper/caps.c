/* SPDX-License-Identifier: BSD-2-Clause */
#include <cap-ng.h>
#include <errno.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "caps.h"

static int lookup(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(user);
	/* getpwnam(3): these errno values, or none, all mean "not found". */
	if (!pw &&
	    (errno == 0 || errno == ENOENT || errno == ESRCH || errno == EBADF || errno == EPERM))
		return -ESRCH;
	if (!pw)
		return -errno;
	if (pw->pw_uid == 0)
		return -EINVAL; /* "switching" to root would keep everything */
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

const char *na_caps_default_user(void)
{
	/* Whatever stops the lookup (no such user, an NSS error) leaves the
	 * fallback, which the switch then looks up and reports on itself. */
	return getpwnam(NA_RUN_USER) ? NA_RUN_USER : NA_FALLBACK_USER;
}

int na_caps_keep_net_raw(const char *user)
{
	uid_t uid;
	gid_t gid;
	int err;

	if (geteuid() == 0) {
		err = lookup(user, &uid, &gid);
		if (err)
			return err;
		capng_clear(CAPNG_SELECT_ALL);
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_NET_RAW);
		/* Drops supplementary groups, clears the bounding and ambient sets,
		 * changes gid then uid, keeping the capabilities selected above. */
		if (capng_change_id((int)uid, (int)gid,
		                    CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING |
		                            CAPNG_CLEAR_AMBIENT))
			return -EPERM;
		return 0;
	}
	/* Not root: a file capability may have put CAP_NET_RAW in the permitted set. */
	if (capng_get_caps_process())
		return -EPERM;
	if (!capng_have_capability(CAPNG_PERMITTED, CAP_NET_RAW))
		return -EPERM;
	/* Capability sets only: the bounding set needs CAP_SETPCAP, which an
	 * ordinary user lacks (libcap-ng would log an error for trying). With
	 * no_new_privs and nothing permitted, inheritable or ambient, what the
	 * bounding set still allows can never be gained back. */
	capng_clear(CAPNG_SELECT_CAPS);
	capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_NET_RAW);
	if (capng_apply(CAPNG_SELECT_CAPS))
		return -EPERM;
	return 0;
}

int na_caps_become_user(const char *user)
{
	uid_t uid;
	gid_t gid;
	int err;

	if (geteuid() != 0)
		return 0;
	err = lookup(user, &uid, &gid);
	if (err)
		return err;
	capng_clear(CAPNG_SELECT_ALL);
	if (capng_change_id((int)uid, (int)gid,
	                    CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING | CAPNG_CLEAR_AMBIENT))
		return -EPERM;
	return 0;
}

int na_caps_drop_all(void)
{
	/* The bounding set is left as it is: started by root it was cleared
	 * with the user switch, and otherwise it cannot be (see above). */
	capng_clear(CAPNG_SELECT_CAPS);
	if (capng_apply(CAPNG_SELECT_CAPS))
		return -EPERM;
	/* The ambient set can only shrink from here, but say so explicitly. */
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	return 0;
}
