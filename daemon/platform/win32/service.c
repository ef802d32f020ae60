/*
 * service — syncwatch as a Windows service.
 *
 * `syncwatch service install` registers it with the service control
 * manager: automatic (delayed) start, a description, restart on failure,
 * the virtual account NT SERVICE\syncwatch (least privilege: no password,
 * no rights but those given to it), pre-shutdown notice, and the event
 * log source of its messages.  The SCM then starts
 * "syncwatch.exe daemon --service --config FILE", which ends in
 * platform_service_run: the dispatcher calls service_main, which runs the
 * daemon and reports START_PENDING, RUNNING (the daemon's READY),
 * STOP_PENDING and STOPPED.  STOP, SHUTDOWN and PRESHUTDOWN set the stop
 * event the main loop waits on (it commits its batch before it returns);
 * PARAMCHANGE and the custom control 128 set the reload event.
 */
#include <windows.h>
#include <aclapi.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "lib/log.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"
#include "platform/win32/win.h"

#define SVC_NAME	L"syncwatch"
#define SVC_ACCOUNT	L"NT SERVICE\\syncwatch"
#define SVC_RELOAD	128		/* a custom control: reload */
#define SVC_EVENTLOG	L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\" \
			L"Application\\syncwatch"

static SERVICE_STATUS_HANDLE svc_handle;
static SERVICE_STATUS svc_status;
static int (*svc_fn)(void *);
static void *svc_arg;
static int svc_rc;

int
win_is_service(void)
{
	return svc_handle != NULL;
}

void
win_service_status(DWORD state, DWORD wait_hint_ms)
{
	if (svc_handle == NULL)
		return;
	svc_status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
	svc_status.dwCurrentState = state;
	svc_status.dwControlsAccepted = state == SERVICE_START_PENDING ? 0 :
	    SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN |
	    SERVICE_ACCEPT_PRESHUTDOWN | SERVICE_ACCEPT_PARAMCHANGE;
	svc_status.dwWaitHint = wait_hint_ms;
	svc_status.dwCheckPoint = state == SERVICE_RUNNING ||
	    state == SERVICE_STOPPED ? 0 : svc_status.dwCheckPoint + 1;
	SetServiceStatus(svc_handle, &svc_status);
}

void
win_service_checkpoint(void)
{
	if (svc_handle != NULL && (svc_status.dwCurrentState ==
	    SERVICE_START_PENDING || svc_status.dwCurrentState ==
	    SERVICE_STOP_PENDING))
		win_service_status(svc_status.dwCurrentState,
		    svc_status.dwWaitHint);
}

static DWORD WINAPI
svc_control(DWORD control, DWORD type, void *data, void *ctx)
{
	switch (control) {
	case SERVICE_CONTROL_STOP:
	case SERVICE_CONTROL_SHUTDOWN:
	case SERVICE_CONTROL_PRESHUTDOWN:
		win_service_status(SERVICE_STOP_PENDING, 15000);
		SetEvent(win_stop_event());
		return NO_ERROR;
	case SERVICE_CONTROL_PARAMCHANGE:
	case SVC_RELOAD:
		SetEvent(win_reload_event());
		return NO_ERROR;
	case SERVICE_CONTROL_INTERROGATE:
		return NO_ERROR;
	default:
		return ERROR_CALL_NOT_IMPLEMENTED;
	}
}

static void WINAPI
svc_main(DWORD argc, wchar_t **argv)
{
	svc_handle = RegisterServiceCtrlHandlerExW(SVC_NAME, svc_control, NULL);
	if (svc_handle == NULL)
		return;
	svc_status.dwWin32ExitCode = NO_ERROR;
	win_service_status(SERVICE_START_PENDING, 30000);
	svc_rc = svc_fn(svc_arg);
	if (svc_rc != 0) {
		svc_status.dwWin32ExitCode = ERROR_SERVICE_SPECIFIC_ERROR;
		svc_status.dwServiceSpecificExitCode = (DWORD)svc_rc;
	}
	win_service_status(SERVICE_STOPPED, 0);
}

int
platform_service_run(int (*fn)(void *), void *arg, char **cause)
{
	SERVICE_TABLE_ENTRYW table[] = {
		{ (wchar_t *)SVC_NAME, svc_main },
		{ NULL, NULL },
	};

	svc_fn = fn;
	svc_arg = arg;
	if (!StartServiceCtrlDispatcherW(table)) {
		if (GetLastError() == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT)
			xasprintf(cause, "--service: not started by the service "
			    "control manager (run it with --console, or "
			    "'syncwatch service start')");
		else
			xasprintf(cause, "--service: the service dispatcher "
			    "failed (error %lu)", (unsigned long)GetLastError());
		return -1;
	}
	return svc_rc;
}

/* "C:\path\syncwatch.exe" daemon --service --config "FILE" */
static wchar_t *
service_command(const char *config)
{
	wchar_t exe[32768], *wcfg, *cmd;
	size_t n;

	if (GetModuleFileNameW(NULL, exe, sizeof(exe) / sizeof(exe[0])) == 0)
		return NULL;
	if ((wcfg = win_wide(config)) == NULL)
		return NULL;
	n = wcslen(exe) + wcslen(wcfg) + 64;
	cmd = xcalloc(n, sizeof(*cmd));
	swprintf(cmd, n, L"\"%ls\" daemon --service --config \"%ls\"", exe,
	    wcfg);
	xfree(wcfg);
	return cmd;
}

static int
service_fail(const char *what, char **cause)
{
	DWORD err = GetLastError();

	xasprintf(cause, "service: %s: error %lu%s", what, (unsigned long)err,
	    err == ERROR_ACCESS_DENIED ? " (run it as an administrator)" :
	    err == ERROR_SERVICE_DOES_NOT_EXIST ? " (not installed)" :
	    err == ERROR_SERVICE_EXISTS ? " (already installed)" : "");
	return -1;
}

/* The event log source: messages resolved from this executable. */
static void
register_event_source(void)
{
	wchar_t exe[32768];
	DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE |
	    EVENTLOG_INFORMATION_TYPE;
	HKEY k;

	if (GetModuleFileNameW(NULL, exe, sizeof(exe) / sizeof(exe[0])) == 0)
		return;
	if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, SVC_EVENTLOG, 0, NULL, 0,
	    KEY_SET_VALUE, NULL, &k, NULL) != ERROR_SUCCESS)
		return;
	RegSetValueExW(k, L"EventMessageFile", 0, REG_EXPAND_SZ,
	    (const BYTE *)exe, (DWORD)((wcslen(exe) + 1) * sizeof(wchar_t)));
	RegSetValueExW(k, L"TypesSupported", 0, REG_DWORD,
	    (const BYTE *)&types, sizeof(types));
	RegCloseKey(k);
}

/*
 * The state folder holds the database, the service's own log and the
 * control token, which authorises changes over the API: only SYSTEM, the
 * administrators and the service account may open it.  Its DACL is set
 * afresh and protected, so that the Users' read access %ProgramData%
 * hands down is not inherited (the MSI does the same with icacls).
 * Reading the products' log folders is the administrator's grant
 * (README); a missing right shows as an unreadable source.
 */
static void
grant_state_dir(void)
{
	EXPLICIT_ACCESSW ea[3];
	BYTE sys[SECURITY_MAX_SID_SIZE], adm[SECURITY_MAX_SID_SIZE];
	DWORD sys_len = sizeof(sys), adm_len = sizeof(adm);
	PACL acl = NULL;
	wchar_t *w;
	DWORD rc;
	int i;

	platform_mkdir(platform_default_state_dir());
	if ((w = win_wide(platform_default_state_dir())) == NULL)
		return;
	if (!CreateWellKnownSid(WinLocalSystemSid, NULL, sys, &sys_len) ||
	    !CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, adm,
	    &adm_len)) {
		log_warnx("service install: cannot name SYSTEM and the "
		    "administrators; %s keeps its rights",
		    platform_default_state_dir());
		xfree(w);
		return;
	}
	memset(ea, 0, sizeof(ea));
	for (i = 0; i < 3; i++) {
		ea[i].grfAccessMode = SET_ACCESS;
		ea[i].grfInheritance = SUB_CONTAINERS_AND_OBJECTS_INHERIT;
		ea[i].grfAccessPermissions = GENERIC_ALL;
	}
	ea[0].Trustee.TrusteeForm = TRUSTEE_IS_SID;
	ea[0].Trustee.ptstrName = (wchar_t *)(void *)sys;
	ea[1].Trustee.TrusteeForm = TRUSTEE_IS_SID;
	ea[1].Trustee.ptstrName = (wchar_t *)(void *)adm;
	ea[2].grfAccessPermissions = FILE_GENERIC_READ | FILE_GENERIC_WRITE |
	    FILE_GENERIC_EXECUTE | DELETE;
	ea[2].Trustee.TrusteeForm = TRUSTEE_IS_NAME;
	ea[2].Trustee.TrusteeType = TRUSTEE_IS_USER;
	ea[2].Trustee.ptstrName = (wchar_t *)SVC_ACCOUNT;
	if ((rc = SetEntriesInAclW(3, ea, NULL, &acl)) != ERROR_SUCCESS ||
	    (rc = SetNamedSecurityInfoW(w, SE_FILE_OBJECT,
	    DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
	    NULL, NULL, acl, NULL)) != ERROR_SUCCESS)
		log_warnx("service install: cannot restrict %s to the service "
		    "and the administrators (error %lu); set it by hand (see "
		    "the README)", platform_default_state_dir(),
		    (unsigned long)rc);
	LocalFree(acl);
	xfree(w);
}

static int
service_install(SC_HANDLE scm, const char *config, char **cause)
{
	SERVICE_DESCRIPTIONW desc = { (wchar_t *)L"Follows the logs of "
	    L"ConfigMgr, Ektron eSync and EPiServer and records known sync "
	    L"failures with how to fix them (syncwatch)." };
	SERVICE_DELAYED_AUTO_START_INFO delayed = { TRUE };
	SC_ACTION actions[3] = {
		{ SC_ACTION_RESTART, 60000 }, { SC_ACTION_RESTART, 60000 },
		{ SC_ACTION_RESTART, 300000 },
	};
	SERVICE_FAILURE_ACTIONSW fa = { 86400, NULL, NULL, 3, actions };
	SERVICE_PRESHUTDOWN_INFO pre = { 15000 };
	SERVICE_SID_INFO sid = { SERVICE_SID_TYPE_UNRESTRICTED };
	wchar_t *cmd;
	SC_HANDLE svc;

	if ((cmd = service_command(config)) == NULL) {
		xasprintf(cause, "service install: cannot name the executable");
		return -1;
	}
	svc = CreateServiceW(scm, SVC_NAME, L"syncwatch", SERVICE_ALL_ACCESS,
	    SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START,
	    SERVICE_ERROR_NORMAL, cmd, NULL, NULL, NULL, SVC_ACCOUNT, NULL);
	xfree(cmd);
	if (svc == NULL)
		return service_fail("install", cause);
	ChangeServiceConfig2W(svc, SERVICE_CONFIG_DESCRIPTION, &desc);
	ChangeServiceConfig2W(svc, SERVICE_CONFIG_DELAYED_AUTO_START_INFO,
	    &delayed);
	ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS, &fa);
	ChangeServiceConfig2W(svc, SERVICE_CONFIG_PRESHUTDOWN_INFO, &pre);
	ChangeServiceConfig2W(svc, SERVICE_CONFIG_SERVICE_SID_INFO, &sid);
	CloseServiceHandle(svc);
	register_event_source();
	grant_state_dir();
	printf("service syncwatch installed (automatic start, account %ls); "
	    "configuration %s\n", SVC_ACCOUNT, config);
	return 0;
}

/* Wait up to ms for the service to reach state.  0, or -1 (timed out). */
static int
service_wait(SC_HANDLE svc, DWORD state, DWORD ms)
{
	SERVICE_STATUS st;
	ULONGLONG until = GetTickCount64() + ms;

	do {
		if (!QueryServiceStatus(svc, &st))
			return -1;
		if (st.dwCurrentState == state)
			return 0;
		Sleep(200);
	} while (GetTickCount64() < until);
	return -1;
}

static const char *
state_name(DWORD s)
{
	switch (s) {
	case SERVICE_STOPPED: return "stopped";
	case SERVICE_START_PENDING: return "starting";
	case SERVICE_STOP_PENDING: return "stopping";
	case SERVICE_RUNNING: return "running";
	case SERVICE_PAUSED: return "paused";
	default: return "in transition";
	}
}

int
platform_signal_reload(long pid, char **cause)
{
	SERVICE_STATUS st;
	SC_HANDLE scm, svc;
	int rc = 0;

	(void)pid;
	if ((scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT)) == NULL)
		return service_fail("the service control manager", cause);
	svc = OpenServiceW(scm, SVC_NAME, SERVICE_PAUSE_CONTINUE);
	if (svc == NULL || !ControlService(svc, SERVICE_CONTROL_PARAMCHANGE,
	    &st))
		rc = service_fail("reload", cause);
	if (svc != NULL)
		CloseServiceHandle(svc);
	CloseServiceHandle(scm);
	return rc;
}

int
platform_service_ctl(const char *verb, const char *config, char **cause)
{
	SERVICE_STATUS st;
	SC_HANDLE scm, svc = NULL;
	int rc = 0;

	scm = OpenSCManagerW(NULL, NULL, strcmp(verb, "status") == 0 ?
	    SC_MANAGER_CONNECT : SC_MANAGER_ALL_ACCESS);
	if (scm == NULL)
		return service_fail("the service control manager", cause);
	if (strcmp(verb, "install") == 0) {
		rc = service_install(scm, config, cause);
		CloseServiceHandle(scm);
		return rc;
	}
	svc = OpenServiceW(scm, SVC_NAME, SERVICE_ALL_ACCESS);
	if (svc == NULL) {
		rc = service_fail(verb, cause);
		CloseServiceHandle(scm);
		return rc;
	}
	if (strcmp(verb, "uninstall") == 0) {
		if (ControlService(svc, SERVICE_CONTROL_STOP, &st))
			service_wait(svc, SERVICE_STOPPED, 30000);
		if (!DeleteService(svc))
			rc = service_fail("uninstall", cause);
		else {
			RegDeleteKeyW(HKEY_LOCAL_MACHINE, SVC_EVENTLOG);
			printf("service syncwatch removed (its state in %s "
			    "stays)\n", platform_default_state_dir());
		}
	} else if (strcmp(verb, "start") == 0) {
		if (!StartServiceW(svc, 0, NULL))
			rc = service_fail("start", cause);
		else if (service_wait(svc, SERVICE_RUNNING, 60000) == -1) {
			xasprintf(cause, "service start: not running after "
			    "60 s (see the Application event log)");
			rc = -1;
		} else
			printf("service syncwatch running\n");
	} else if (strcmp(verb, "stop") == 0) {
		if (!ControlService(svc, SERVICE_CONTROL_STOP, &st))
			rc = service_fail("stop", cause);
		else if (service_wait(svc, SERVICE_STOPPED, 30000) == -1) {
			xasprintf(cause, "service stop: not stopped after 30 s");
			rc = -1;
		} else
			printf("service syncwatch stopped\n");
	} else if (strcmp(verb, "reload") == 0) {
		if (!ControlService(svc, SERVICE_CONTROL_PARAMCHANGE, &st))
			rc = service_fail("reload", cause);
		else
			printf("service syncwatch: reload requested\n");
	} else if (strcmp(verb, "status") == 0) {
		if (!QueryServiceStatus(svc, &st))
			rc = service_fail("status", cause);
		else {
			printf("service syncwatch: %s\n",
			    state_name(st.dwCurrentState));
			rc = st.dwCurrentState == SERVICE_RUNNING ? 0 : 3;
		}
	} else {
		xasprintf(cause, "service: unknown verb '%s' (install, "
		    "uninstall, start, stop, reload, status)", verb);
		rc = -1;
	}
	CloseServiceHandle(svc);
	CloseServiceHandle(scm);
	return rc;
}
