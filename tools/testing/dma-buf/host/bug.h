/* SPDX-License-Identifier: GPL-2.0 */
/*
 * WARN() and friends.  The kernel prints a splat and carries on; the host
 * does the same, and also counts, so the KUnit layer can fail a case on a
 * WARN it did not ask for.  BUG() stops the program: a test double that
 * carried on after a BUG would hide the bug.
 */
#ifndef _HOST_BUG_H
#define _HOST_BUG_H

#include <stdbool.h>

void host_warn(const char *file, int line, const char *func,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void host_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __attribute__((noreturn)) host_bug(const char *file, int line,
					const char *cond);

#define WARN(cond, fmt, ...) ({						\
	bool __w_c = !!(cond);						\
	if (__w_c)							\
		host_warn(__FILE__, __LINE__, __func__, fmt,		\
			  ##__VA_ARGS__);				\
	__w_c;								\
})

#define WARN_ON(cond)		WARN(cond, "%s", #cond)

/*
 * The host reports every occurrence: a test that triggers a _ONCE warning
 * twice must say so, and "once per boot" means nothing across test cases.
 */
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define WARN_ONCE(cond, fmt, ...) WARN(cond, fmt, ##__VA_ARGS__)

#define BUG_ON(cond) do {						\
	if (cond)							\
		host_bug(__FILE__, __LINE__, #cond);			\
} while (0)
#define BUG()	host_bug(__FILE__, __LINE__, "BUG()")

#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

#endif /* _HOST_BUG_H */
