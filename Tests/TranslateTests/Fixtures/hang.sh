# Never answers: sleeps far past any test timeout (a child process, to check the whole group dies).
sleep 30
