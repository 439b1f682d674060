//go:build tools

// Package tools pins the Kubernetes commands this module builds, so that
// `go mod tidy` keeps every dependency they need in go.mod and go.sum.
// Build them with: go build k8s.io/kubernetes/cmd/<name>
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
