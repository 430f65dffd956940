#include "child_registry.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define CAPACITY 4096

static volatile sig_atomic_t table[CAPACITY];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int installed = 0;

void pipeline_children_kill_all(void) {
    for (int i = 0; i < CAPACITY; i++) {
        pid_t group = (pid_t)table[i];
        if (group > 1) (void)kill(-group, SIGKILL);
    }
}

/// For the fatal signals: kill the children, then die of the signal.
static void on_fatal_signal(int signal_number) {
    pipeline_children_kill_all();
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static void kill_all_at_exit(void) { pipeline_children_kill_all(); }

/// Called with table_lock held.
static void install_once(void) {
    if (installed) return;
    installed = 1;
    const int fatal[] = {SIGTERM, SIGINT, SIGHUP};
    for (unsigned i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
        // Keep an inherited "ignore" (nohup, a shell's background job): then the signal does
        // not stop pipeline, so it must not stop the children either.
        struct sigaction old;
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = on_fatal_signal;
        sigemptyset(&action.sa_mask);
        sigaction(fatal[i], &action, NULL);
    }
    atexit(kill_all_at_exit);
}

void pipeline_children_register(pid_t group) {
    if (group <= 1) return;
    pthread_mutex_lock(&table_lock);
    install_once();
    for (int i = 0; i < CAPACITY; i++) {
        if (table[i] == 0) {
            table[i] = group;
            break;
        }
    }
    pthread_mutex_unlock(&table_lock);
}

void pipeline_children_unregister(pid_t group) {
    if (group <= 1) return;
    pthread_mutex_lock(&table_lock);
    for (int i = 0; i < CAPACITY; i++) {
        if (table[i] == group) table[i] = 0;
    }
    pthread_mutex_unlock(&table_lock);
}

int pipeline_children_list(pid_t *groups, int capacity) {
    int count = 0;
    pthread_mutex_lock(&table_lock);
    for (int i = 0; i < CAPACITY && count < capacity; i++) {
        if (table[i] != 0) groups[count++] = (pid_t)table[i];
    }
    pthread_mutex_unlock(&table_lock);
    return count;
}
