/*
 * Shared parts of the section 4 checks: reading image history entries,
 * which are either engine history lines ("/bin/sh -c #(nop)  ENV A=b",
 * "|1 A=b /bin/sh -c make", BuildKit's "RUN /bin/sh -c make # buildkit")
 * or Dockerfile instructions ("RUN make") for images built from files.
 */
#ifndef SW_SECTION4_H
#define SW_SECTION4_H

#include <stdbool.h>

#include "model/model.h"
#include "rules/rule.h"

enum instruction {
	INS_OTHER,
	INS_RUN,
	INS_ENV,
	INS_ARG,
	INS_ADD,
	INS_COPY,
	INS_FROM,
};

/*
 * Returns the instruction of a history entry and points `*args` at its
 * arguments inside `created_by`. A legacy-builder RUN line keeps its
 * "|N NAME=value" build-argument prefix in `*args`. An empty line (an
 * imported layer) is INS_OTHER.
 */
enum instruction history_instruction(const char *created_by, const char **args);

/* Package-manager commands found in the shell text of one RUN step. */
struct package_steps {
	bool updates_index; /* apt-get update, apk update, ... */
	bool installs;	    /* apt-get install, apk add, yum install, ... */
	char update_command[48]; /* the first index update, for evidence */
};

/* Scans the shell text of a RUN step for package-manager commands. */
void package_steps_scan(const char *command, struct package_steps *out);

/* Sets the verdict of 4.10 for one image. */
void image_secrets_check(const struct image *img, struct verdict *v);

#endif
