#include "util/error.h"

const char *sw_strerror(int code)
{
	switch (code) {
	case SW_OK:
		return "success";
	case SW_ENOMEM:
		return "out of memory";
	case SW_EINVAL:
		return "invalid input";
	case SW_EIO:
		return "input/output error";
	case SW_ECONNECT:
		return "target unreachable";
	case SW_EPROTO:
		return "unexpected reply";
	case SW_ENOTFOUND:
		return "not found";
	case SW_EPERM:
		return "permission denied";
	case SW_ELIMIT:
		return "size limit exceeded";
	}
	return "unknown error";
}
