//go:build tools

// Package tools pins the Kubernetes node commands this module builds, so that
// `go mod tidy` keeps every dependency they need in go.mod and go.sum. The
// control-plane commands come from control-plane/binaries/kubernetes, pinned to
// the same release. Build them with: go build k8s.io/kubernetes/cmd/<name>
package tools

import (
	_ "k8s.io/kubernetes/cmd/kubeadm"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
